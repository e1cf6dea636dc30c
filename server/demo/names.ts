/**
 * Vocabulary of the demo business and of the benchmark seeder: Persian names with a Latin spelling (for emails),
 * places, products, and the phrases interactions are written with. Data only.
 */

/** [Persian, Latin]. "\u200C" is ZWNJ: compound names are written with it, as people type them. */
export const MALE_FIRST: ReadonlyArray<readonly [string, string]> = [
  ['محمد', 'mohammad'], ['علی', 'ali'], ['حسین', 'hossein'], ['رضا', 'reza'], ['مهدی', 'mahdi'], ['حسن', 'hasan'],
  ['امیر', 'amir'], ['محمد\u200Cرضا', 'mohammadreza'], ['علی\u200Cرضا', 'alireza'], ['محمدحسین', 'mohammadhossein'],
  ['سعید', 'saeed'], ['مجید', 'majid'], ['حمید', 'hamid'], ['مسعود', 'masoud'], ['جواد', 'javad'], ['مصطفی', 'mostafa'],
  ['کاظم', 'kazem'], ['یوسف', 'yousef'], ['کریم', 'karim'], ['اکبر', 'akbar'], ['بهزاد', 'behzad'], ['بهرام', 'bahram'],
  ['کیوان', 'keyvan'], ['پیمان', 'peyman'], ['فرهاد', 'farhad'], ['داوود', 'davoud'], ['ابراهیم', 'ebrahim'], ['یاسر', 'yaser'],
  ['میلاد', 'milad'], ['آرش', 'arash'], ['سیاوش', 'siavash'], ['کامران', 'kamran'], ['مرتضی', 'morteza'], ['ناصر', 'naser'],
  ['هادی', 'hadi'], ['وحید', 'vahid'], ['یعقوب', 'yaghoub'], ['شهرام', 'shahram'], ['سجاد', 'sajad'], ['امیرحسین', 'amirhossein'],
  ['ابوالفضل', 'abolfazl'], ['عباس', 'abbas'], ['رامین', 'ramin'], ['بابک', 'babak'], ['کوروش', 'kourosh'], ['نیما', 'nima'],
];

export const FEMALE_FIRST: ReadonlyArray<readonly [string, string]> = [
  ['فاطمه', 'fatemeh'], ['زهرا', 'zahra'], ['مریم', 'maryam'], ['معصومه', 'masoumeh'], ['سمیرا', 'samira'], ['نرگس', 'narges'],
  ['الهام', 'elham'], ['لیلا', 'leila'], ['سارا', 'sara'], ['مینا', 'mina'], ['نگار', 'negar'], ['شیرین', 'shirin'],
  ['کبری', 'kobra'], ['سکینه', 'sakineh'], ['یاسمن', 'yasaman'], ['نیلوفر', 'niloufar'], ['پریسا', 'parisa'], ['مهسا', 'mahsa'],
  ['فرشته', 'fereshteh'], ['آزاده', 'azadeh'], ['کیمیا', 'kimia'], ['ریحانه', 'reyhaneh'], ['طاهره', 'tahereh'], ['اعظم', 'azam'],
  ['فاطمه\u200Cزهرا', 'fatemehzahra'], ['هانیه', 'haniyeh'], ['سپیده', 'sepideh'], ['مهناز', 'mahnaz'], ['ژیلا', 'zhila'],
  ['رقیه', 'roghayeh'], ['کتایون', 'katayoun'], ['یگانه', 'yeganeh'], ['شکوفه', 'shokoufeh'], ['بهاره', 'bahareh'], ['تینا', 'tina'],
];

export const LAST_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['محمدی', 'mohammadi'], ['حسینی', 'hosseini'], ['احمدی', 'ahmadi'], ['رضایی', 'rezaei'], ['کریمی', 'karimi'], ['موسوی', 'mousavi'],
  ['جعفری', 'jafari'], ['قاسمی', 'ghasemi'], ['کاظمی', 'kazemi'], ['رحیمی', 'rahimi'], ['صادقی', 'sadeghi'], ['یوسفی', 'yousefi'],
  ['نوری', 'nouri'], ['اکبری', 'akbari'], ['کرمانی', 'kermani'], ['شیرازی', 'shirazi'], ['تهرانی', 'tehrani'], ['اصفهانی', 'esfahani'],
  ['عبدالله\u200Cزاده', 'abdollahzadeh'], ['حسن\u200Cزاده', 'hasanzadeh'], ['علی\u200Cپور', 'alipour'], ['کاظم\u200Cپور', 'kazempour'],
  ['یزدانی', 'yazdani'], ['کیانی', 'kiani'], ['بیگی', 'beigi'], ['ملکی', 'maleki'], ['شکوهی', 'shokouhi'], ['نیک\u200Cنام', 'niknam'],
  ['طاهری', 'taheri'], ['باقری', 'bagheri'], ['فرهادی', 'farhadi'], ['سلیمانی', 'soleimani'], ['زمانی', 'zamani'], ['کوهی', 'kouhi'],
  ['رستمی', 'rostami'], ['نجفی', 'najafi'], ['مرادی', 'moradi'], ['عباسی', 'abbasi'], ['حیدری', 'heydari'], ['کریم\u200Cخانی', 'karimkhani'],
  ['میرزایی', 'mirzaei'], ['خسروی', 'khosravi'], ['امینی', 'amini'], ['شریفی', 'sharifi'], ['فتحی', 'fathi'], ['یکتا', 'yekta'],
  ['کشاورز', 'keshavarz'], ['بهرامی', 'bahrami'], ['ایزدی', 'izadi'], ['کامکار', 'kamkar'], ['نیک\u200Cبخت', 'nikbakht'], ['پاکزاد', 'pakzad'],
];

/** [city, province]: shops sell mostly in the capital and the big cities. */
export const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['تهران', 'تهران'], ['تهران', 'تهران'], ['تهران', 'تهران'], ['تهران', 'تهران'], ['کرج', 'البرز'], ['کرج', 'البرز'],
  ['اصفهان', 'اصفهان'], ['اصفهان', 'اصفهان'], ['مشهد', 'خراسان رضوی'], ['مشهد', 'خراسان رضوی'], ['شیراز', 'فارس'], ['تبریز', 'آذربایجان شرقی'],
  ['قم', 'قم'], ['اهواز', 'خوزستان'], ['کرمانشاه', 'کرمانشاه'], ['رشت', 'گیلان'], ['یزد', 'یزد'], ['کرمان', 'کرمان'], ['ارومیه', 'آذربایجان غربی'],
  ['همدان', 'همدان'], ['اراک', 'مرکزی'], ['ساری', 'مازندران'], ['قزوین', 'قزوین'], ['زنجان', 'زنجان'], ['بندرعباس', 'هرمزگان'], ['کاشان', 'اصفهان'],
];

/** Landline area codes by province capital (without the trunk 0). */
export const AREA_CODES: Readonly<Record<string, string>> = {
  'تهران': '21', 'کرج': '26', 'اصفهان': '31', 'مشهد': '51', 'شیراز': '71', 'تبریز': '41', 'قم': '25', 'اهواز': '61', 'کرمانشاه': '83',
  'رشت': '13', 'یزد': '35', 'کرمان': '34', 'ارومیه': '44', 'همدان': '81', 'اراک': '86', 'ساری': '11', 'قزوین': '28', 'زنجان': '24',
  'بندرعباس': '76', 'کاشان': '31',
};

/** Mobile prefixes (Hamrah-e Aval 91x/990, Irancell 93x/90x, Rightel 92x), weighted by repetition. */
export const MOBILE_PREFIXES = ['912', '912', '912', '913', '914', '915', '919', '919', '917', '935', '935', '936', '937', '938', '939', '901', '902', '903', '990', '921', '922'];

export const STREETS = ['خیابان ولیعصر', 'خیابان آزادی', 'خیابان انقلاب', 'بلوار کشاورز', 'خیابان شریعتی', 'خیابان پاسداران', 'خیابان امام خمینی',
  'بلوار فردوس', 'خیابان جمهوری', 'خیابان مطهری', 'خیابان طالقانی', 'بلوار میرداماد', 'خیابان ستارخان', 'خیابان نارمک', 'بلوار معلم'];

export const ORG_PREFIXES = ['فروشگاه', 'فروشگاه', 'شرکت', 'شرکت', 'بازرگانی', 'هتل', 'رستوران', 'مجتمع تجاری', 'تالار پذیرایی', 'دفتر مهندسی'];
export const ORG_NAMES = ['نور', 'پارس', 'آفتاب', 'ستاره', 'البرز', 'دماوند', 'ایران\u200Cزمین', 'سپهر', 'کیان', 'آریا', 'مهر', 'پردیس', 'بهار', 'امید',
  'رایان', 'نگین', 'سینا', 'پاسارگاد', 'زاگرس', 'خلیج فارس', 'کوثر', 'آسمان', 'یاس', 'افق', 'تجارت نوین', 'برج', 'شهاب', 'ماهان', 'آتی', 'کاوه'];
export const ORG_SUFFIXES = ['', '', '', ' شرق', ' غرب', ' مرکزی', ' نوین', ' گستر', ' تجارت', ' ۲'];
export const ORG_LATIN = ['noor', 'pars', 'aftab', 'setareh', 'alborz', 'damavand', 'iranzamin', 'sepehr', 'kian', 'aria', 'mehr', 'pardis', 'bahar',
  'omid', 'rayan', 'negin', 'sina', 'pasargad', 'zagros', 'khalijfars', 'kowsar', 'aseman', 'yas', 'ofogh', 'tejaratnovin', 'borj', 'shahab', 'mahan', 'ati', 'kaveh'];
export const ROLE_TITLES = ['مدیرعامل', 'مدیر خرید', 'کارشناس خرید', 'مدیر فروشگاه', 'حسابدار', 'مدیر داخلی', 'مسئول تدارکات'];

export const PRODUCTS = ['یخچال', 'یخچال ساید بای ساید', 'فریزر', 'ماشین لباسشویی', 'ماشین ظرفشویی', 'کولر گازی', 'کولر آبی', 'اجاق گاز', 'مایکروفر',
  'جاروبرقی', 'تلویزیون', 'آبگرمکن', 'پکیج', 'هود', 'اتو', 'چای\u200Cساز', 'قهوه\u200Cساز', 'سرخ\u200Cکن', 'بخاری', 'پنکه'];
export const BRANDS = ['ال\u200Cجی', 'سامسونگ', 'اسنوا', 'پاکشوما', 'بوش', 'دوو', 'جی\u200Cپلاس', 'امرسان', 'هیمالیا', 'تکنوگاز', 'بست', 'ایستکول'];
export const TAGS = ['VIP', 'عمده\u200Cفروش', 'همکار', 'خوش\u200Cحساب', 'بدحساب', 'اقساطی', 'نمایشگاه ۱۴۰۳', 'شکایت', 'مشتری قدیمی', 'سازمانی'];
