/**
 * Weak password material of the Persian context that zxcvbn's common dictionaries (mostly English-speaking leaks) do
 * not hold: names and words in Finglish and in Persian script, the same Persian words typed with the keyboard left in
 * English (سلام → "sghl"), and the Persian keyboard itself, so a password typed in Persian can be read as the keys
 * pressed ("ضصثقفغ" is "qwerty").
 */

/** Persian standard keyboard (ISIRI 9147 / Windows "Persian"): letter → the Latin key it sits on. */
const KEY_OF: Record<string, string> = {
  'ض': 'q', 'ص': 'w', 'ث': 'e', 'ق': 'r', 'ف': 't', 'غ': 'y', 'ع': 'u', 'ه': 'i', 'خ': 'o', 'ح': 'p', 'ج': '[', 'چ': ']',
  'ش': 'a', 'س': 's', 'ی': 'd', 'ي': 'd', 'ب': 'f', 'ل': 'g', 'ا': 'h', 'آ': 'h', 'ت': 'j', 'ن': 'k', 'م': 'l', 'ک': ';', 'ك': ';', 'گ': "'",
  'ظ': 'z', 'ط': 'x', 'ز': 'c', 'ژ': 'c', 'ر': 'v', 'ذ': 'b', 'د': 'n', 'پ': 'm', 'ئ': 'm', 'و': ',',
};

/** The keys pressed to type `text` on the Persian keyboard (other characters kept). */
export function persianKeysToLatin(text: string): string {
  let out = '';
  for (const ch of text) out += KEY_OF[ch] ?? ch;
  return out;
}

const FINGLISH = `
iran irani iranian tehran tehrani esfahan isfahan shiraz mashhad tabriz karaj ahvaz qom kish rasht kerman yazd persia
persian parsi farsi persepolis perspolis esteghlal sepahan tractor khoda khodaya yaali yahossein yazahra yamahdi allah
salam salaam eshgh eshq asheghetam doostetdaram doosetdaram azadi vatan mihan iloveiran ghalb fereshte fereshteh
setare setareh khorshid mahtab baran bahar nowruz norooz nowrooz yalda farvardin ordibehesht khordad tir mordad
shahrivar mehr aban azar dey bahman esfand mamnoon mersi dadash abji baba maman madar pedar khanevade zendegi
ali mohammad mohamad mohammadreza mohammadali reza hossein hosein hussein hasan hassan mahdi mehdi amir amirhossein
amirali abolfazl fatemeh fateme zahra maryam sara sarah narges mina neda nazanin parisa shadi shirin leila leyla
arash babak behnam behrouz farhad kourosh koorosh dariush daryoush omid navid saeed saeid hamid majid vahid javad
mojtaba morteza mostafa mohsen hadi iman sina nima pouya pooya yasin yasaman elham fariba mahsa zeinab somayeh
masoumeh roya ramin ramin kaveh keyvan soheil siavash pedram parham peyman payam shahram shahab bardia artin

`;

const PERSIAN = `
ایران تهران اصفهان شیراز مشهد تبریز پرسپولیس استقلال خدا خدایا یاعلی یاحسین یازهرا یامهدی الله سلام عشق عاشقتم
دوستت‌دارم دوستتدارم آزادی وطن میهن قلب فرشته ستاره خورشید مهتاب باران بهار نوروز یلدا فروردین اردیبهشت خرداد
تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند ممنون مرسی داداش آبجی بابا مامان مادر پدر زندگی
علی محمد محمدرضا رضا حسین حسن مهدی امیر امیرحسین ابوالفضل فاطمه زهرا مریم سارا نرگس مینا ندا نازنین پریسا
شادی شیرین لیلا آرش بابک بهنام فرهاد کوروش امید نوید سعید حمید مجید وحید جواد مرتضی مصطفی محسن هادی ایمان
سینا نیما پویا یاسین یاسمن الهام مهسا زینب
رمز رمزعبور گذرواژه پسورد عبور
`;

const words = (s: string) => s.split(/\s+/).map((w) => w.replace(/\u200c/g, '')).filter(Boolean);

/** The dictionary zxcvbn gets as "persian" (its order is its rank: earlier is more likely). */
export const PERSIAN_WEAK_WORDS: string[] = [...new Set([
  ...words(FINGLISH),
  ...words(PERSIAN),
  ...words(PERSIAN).map(persianKeysToLatin),
])];

/** The product's own names: a password built from them is refused (with its own message). */
export const PRODUCT_WORDS = ['mehvarcrm', 'mehvar', 'crm', 'محور', persianKeysToLatin('محور')];
