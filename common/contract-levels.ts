/**
 * Contract levels: a contract's level names the SLA policies its customer's tickets get. The level is a word an admin
 * types (kept as typed, matched as typed); the usual ones carry names in both languages so that «silver» never shows
 * as a key. A level no one named here reads as it was typed — it is the admin's own word.
 */
export const CONTRACT_LEVEL_NAMES: Record<string, { fa: string; en: string }> = {
  platinum: { fa: 'پلاتینیوم', en: 'Platinum' },
  gold: { fa: 'طلایی', en: 'Gold' },
  silver: { fa: 'نقره‌ای', en: 'Silver' },
  bronze: { fa: 'برنزی', en: 'Bronze' },
  vip: { fa: 'ویژه', en: 'VIP' },
  premium: { fa: 'ممتاز', en: 'Premium' },
  standard: { fa: 'استاندارد', en: 'Standard' },
  basic: { fa: 'پایه', en: 'Basic' },
};

export function contractLevelName(level: string, locale: 'fa' | 'en'): string {
  return CONTRACT_LEVEL_NAMES[level.trim().toLowerCase()]?.[locale] ?? level;
}
