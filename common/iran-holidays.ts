/**
 * Iran's fixed solar-calendar public holidays (Jalali month and day), shared by the server's default support calendar
 * and the settings screen's "add Iran's holidays". `key` names the holiday in the web app's strings; `fa` is the name
 * the server stores. Lunar (Hijri) holidays move about 11 days a year with the announced moon sighting, so admins add
 * them by hand.
 */
export const IRAN_SOLAR_HOLIDAYS: readonly { month: number; day: number; key: string; fa: string }[] = [
  { month: 1, day: 1, key: 'nowruz', fa: 'نوروز' }, { month: 1, day: 2, key: 'nowruz', fa: 'نوروز' },
  { month: 1, day: 3, key: 'nowruz', fa: 'نوروز' }, { month: 1, day: 4, key: 'nowruz', fa: 'نوروز' },
  { month: 1, day: 12, key: 'republicDay', fa: 'روز جمهوری اسلامی' }, { month: 1, day: 13, key: 'natureDay', fa: 'روز طبیعت' },
  { month: 3, day: 14, key: 'khomeini', fa: 'رحلت امام خمینی' }, { month: 3, day: 15, key: 'khordad15', fa: 'قیام ۱۵ خرداد' },
  { month: 11, day: 22, key: 'revolution', fa: 'پیروزی انقلاب اسلامی' },
  { month: 12, day: 29, key: 'oil', fa: 'ملی شدن صنعت نفت' }, // Esfand always has a 29th (30 in leap years).
];
