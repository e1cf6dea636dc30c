/**
 * The demo shop's customers: people (about 85%) and organizations, with Iranian phones, valid national IDs,
 * cities, consents and owners, and the derived columns computed by the same helpers the API uses.
 * Some names are stored with Arabic-keyboard letters (ي ك), as imported data often is.
 */
import type { customers, customerRelations } from '../modules/customers/index.ts';
import { buildSearchDoc, displayNameOf, emailKeysOf, phoneKeysOf, withPrimaryPhone } from '../modules/customers/index.ts';
import { normalizePhone } from '../../common/phone.ts';
import type { Phone, Email, Address } from '../../common/customer.schemas.ts';
import type { Rng } from './prng.ts';
import {
  MALE_FIRST, FEMALE_FIRST, LAST_NAMES, CITIES, AREA_CODES, MOBILE_PREFIXES, STREETS, ORG_PREFIXES, ORG_NAMES, ORG_SUFFIXES, ORG_LATIN,
  ROLE_TITLES, PRODUCTS,
} from './names.ts';

export type CustomerInsert = typeof customers.$inferInsert & { id: string; createdAt: Date; ownerId: string | null; lifecycleStage: string; displayName: string };
export type RelationInsert = typeof customerRelations.$inferInsert;
export type Staff = { id: string; name: string; email?: string; role: 'admin' | 'manager' | 'sales' | 'support' | 'marketing'; teamId: string | null };

const DAY = 86400_000;

/** Check digit of an Iranian national ID (کد ملی) for a 9-digit body. */
export function nationalIdCheck(body: string): string {
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const r = sum % 11;
  return String(r < 2 ? r : 11 - r);
}

/** Check digit of a legal entity's national ID (شناسه ملی, 11 digits) for a 10-digit body. */
export function legalIdCheck(body: string): string {
  const coef = [29, 27, 23, 19, 17];
  const d = Number(body[9]) + 2;
  const s = [...body].reduce((acc, ch, i) => acc + (d + Number(ch)) * coef[i % 5], 0) % 11;
  return String(s === 10 ? 0 : s);
}

export const toArabicLetters = (s: string) => s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');

const STAGES = { visitor: 3, lead: 24, prospect: 15, customer: 36, loyal: 10, at_risk: 7, churned: 5 } as const;
const SOURCES = { walk_in: 24, phone: 18, instagram: 16, website: 9, referral: 13, whatsapp: 8, exhibition: 5, campaign: 5, telegram: 2 } as const;
const CHANNELS = { phone: 45, whatsapp: 25, sms: 15, in_person: 10, instagram: 3, email: 2 } as const;
const CONTACT_HOURS = ['عصرها بعد از ساعت ۱۷', 'صبح‌ها ۹ تا ۱۲', 'فقط روزهای زوج', 'بعد از ساعت اداری', 'هر ساعتی جز ظهر'];
const EMAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'chmail.ir', 'outlook.com', 'mail.ir'];

class Generator {
  private phones = new Set<string>();
  private emails = new Set<string>();
  private nids = new Set<string>();
  constructor(private rng: Rng, private now: Date, private sellers: Staff[], private staff: Staff[]) {}

  private uniquePhone(make: () => string): string {
    for (;;) {
      const raw = make();
      const p = normalizePhone(raw);
      if (p.ok && !this.phones.has(p.e164)) { this.phones.add(p.e164); return p.e164; }
    }
  }
  mobile() { return this.uniquePhone(() => '0' + this.rng.pick(MOBILE_PREFIXES) + this.rng.digits(7)); }
  landline(city: string) { return this.uniquePhone(() => '0' + (AREA_CODES[city] ?? '21') + this.rng.int(2, 8) + this.rng.digits(7)); }

  email(local: string, domain?: string): string {
    for (let i = 0; ; i++) {
      const addr = `${local}${i === 0 && this.rng.chance(0.5) ? '' : this.rng.int(1, 1999)}@${domain ?? this.rng.pick(EMAIL_DOMAINS)}`.toLowerCase();
      if (!this.emails.has(addr)) { this.emails.add(addr); return addr; }
    }
  }

  nationalId(): string {
    for (;;) {
      // Tehran's 001–008 mostly, then a few other issuing offices (persian-tools checks the prefix too).
      const prefix = this.rng.chance(0.7) ? '00' + this.rng.int(1, 8) : this.rng.pick(['011', '020', '031', '041', '051', '061', '064', '068']);
      const body = prefix + String(this.rng.int(1, 999_999)).padStart(6, '0');
      const id = body + nationalIdCheck(body);
      if (!this.nids.has(id)) { this.nids.add(id); return id; }
    }
  }

  legalId(): string {
    const body = '10' + this.rng.int(1, 9) + this.rng.digits(7);
    return body + legalIdCheck(body);
  }

  /** Newer customers are more common than old ones: created over three years, denser recently. */
  createdAt(): Date {
    const back = Math.pow(this.rng.next(), 1.6) * 3 * 365 * DAY;
    return new Date(this.now.getTime() - back - this.rng.int(0, 3600_000));
  }

  owner(): Staff | null {
    return this.rng.chance(0.05) ? null : this.rng.pick(this.sellers);
  }

  address(city: string, province: string): Address {
    return { label: 'خانه', line: `${this.rng.pick(STREETS)}، کوچه ${this.rng.int(1, 40)}، پلاک ${this.rng.int(1, 300)}`, city, province, postalCode: String(this.rng.int(1, 9)) + this.rng.digits(9) };
  }

  common(createdAt: Date, email: boolean, stage: string) {
    const owner = this.owner();
    const smsConsent = this.rng.chance(0.7);
    const emailConsent = email && this.rng.chance(0.6);
    const consentAt = new Date(createdAt.getTime() + this.rng.int(60_000, 2 * 3600_000));
    return {
      ownerId: owner?.id ?? null, teamId: owner?.teamId ?? null, createdBy: owner?.id ?? this.rng.pick(this.staff).id,
      source: this.rng.weighted(SOURCES), lifecycleStage: stage,
      preferredChannel: this.rng.weighted(CHANNELS), contactHours: this.rng.chance(0.15) ? this.rng.pick(CONTACT_HOURS) : null,
      smsConsent, smsConsentAt: smsConsent ? consentAt : null, emailConsent, emailConsentAt: emailConsent ? consentAt : null,
      createdAt, updatedAt: createdAt, custom: {},
    };
  }

  person(id: string, arabic: boolean): CustomerInsert {
    const rng = this.rng;
    const male = rng.chance(0.52);
    let first: readonly [string, string];
    let last: readonly [string, string];
    do {
      first = rng.pick(male ? MALE_FIRST : FEMALE_FIRST);
      last = rng.pick(LAST_NAMES);
    } while (arabic && !/[یک]/.test(first[0] + last[0]));
    const [city, province] = rng.pick(CITIES);
    const createdAt = this.createdAt();
    const phones: Phone[] = [{ number: this.mobile(), label: 'mobile' }];
    if (rng.chance(0.18)) phones.push({ number: this.landline(city), label: 'home' });
    if (rng.chance(0.04)) phones.push({ number: this.mobile(), label: 'mobile' });
    const emails: Email[] = rng.chance(0.4) ? [{ address: this.email(`${first[1]}.${last[1]}`) }] : [];
    const titleRoll = rng.next();
    const title = titleRoll < 0.06 ? 'دکتر' : titleRoll < 0.14 ? 'مهندس' : titleRoll < 0.75 ? (male ? 'آقای' : 'خانم') : null;
    const tags = [
      ...(rng.chance(0.06) ? ['VIP'] : []), ...(rng.chance(0.05) ? ['اقساطی'] : []), ...(rng.chance(0.08) ? ['خوش‌حساب'] : []),
      ...(rng.chance(0.03) ? ['شکایت'] : []), ...(rng.chance(0.05) ? ['نمایشگاه ۱۴۰۳'] : []), ...(rng.chance(0.07) ? ['مشتری قدیمی'] : []),
    ];
    const birthYear = rng.int(1950, 2004);
    const base = {
      id, kind: 'person' as const,
      firstName: arabic ? toArabicLetters(first[0]) : first[0], lastName: arabic ? toArabicLetters(last[0]) : last[0],
      title, gender: male ? 'male' : 'female', city, province,
      nationalId: rng.chance(0.75) ? this.nationalId() : null,
      birthday: rng.chance(0.65) ? `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : null,
      addresses: rng.chance(0.5) ? [this.address(city, province)] : [],
      interests: rng.some(PRODUCTS, rng.int(1, 3)), tags,
    };
    return this.finish(base, phones, emails, this.common(createdAt, emails.length > 0, rng.weighted(STAGES)));
  }

  organization(id: string): CustomerInsert {
    const rng = this.rng;
    const i = rng.int(0, ORG_NAMES.length - 1);
    const prefix = rng.pick(ORG_PREFIXES);
    const [city, province] = rng.pick(CITIES);
    const createdAt = this.createdAt();
    const phones: Phone[] = [{ number: this.landline(city), label: 'work' }];
    if (rng.chance(0.6)) phones.push({ number: this.mobile(), label: 'mobile' });
    if (rng.chance(0.2)) phones.push({ number: this.landline(city), label: 'fax' });
    const emails: Email[] = rng.chance(0.7) ? [{ address: this.email(rng.pick(['info', 'sales', 'kharid']), `${ORG_LATIN[i]}${rng.int(1, 99)}.ir`), label: 'work' }] : [];
    const wholesale = prefix === 'فروشگاه' || prefix === 'بازرگانی';
    const stage = rng.weighted({ lead: 20, prospect: 20, customer: 40, loyal: 12, at_risk: 5, churned: 3 });
    const base = {
      id, kind: 'organization' as const, orgName: `${prefix} ${ORG_NAMES[i]}${rng.pick(ORG_SUFFIXES)}`,
      latinName: rng.chance(0.4) ? `${ORG_LATIN[i][0].toUpperCase()}${ORG_LATIN[i].slice(1)} ${prefix === 'شرکت' ? 'Co.' : 'Trading'}` : null,
      city, province, companyNationalId: this.legalId(), economicCode: '4' + rng.digits(11), registrationNo: String(rng.int(10_000, 699_999)),
      addresses: [{ label: 'دفتر', line: `${rng.pick(STREETS)}، پلاک ${rng.int(1, 300)}`, city, province }],
      interests: rng.some(PRODUCTS, rng.int(2, 4)),
      tags: ['سازمانی', ...(wholesale && rng.chance(0.6) ? ['عمده‌فروش'] : []), ...(rng.chance(0.15) ? ['VIP'] : []), ...(rng.chance(0.2) ? ['همکار'] : [])],
    };
    return this.finish(base, phones, emails, this.common(createdAt, emails.length > 0, stage));
  }

  private finish(base: Record<string, unknown> & { id: string; kind: 'person' | 'organization' }, phones: Phone[], emails: Email[], common: ReturnType<Generator['common']>): CustomerInsert {
    const ph = withPrimaryPhone(phones);
    const row = { ...base, ...common, phones: ph, emails };
    return {
      ...row,
      displayName: displayNameOf(row), phoneKeys: phoneKeysOf(ph), emailKeys: emailKeysOf(emails), searchDoc: buildSearchDoc(row),
    } as CustomerInsert;
  }
}

/** `count` customers (about 15% organizations, ~3% of people with Arabic-letter names) and persons' roles at organizations. */
export function makeCustomers(rng: Rng, count: number, now: Date, sellers: Staff[], staff: Staff[]) {
  const g = new Generator(rng, now, sellers, staff);
  const orgCount = Math.max(1, Math.round(count * 0.15));
  const rows: CustomerInsert[] = [];
  const people: CustomerInsert[] = [];
  const orgs: CustomerInsert[] = [];
  // Arabic-letter names are spread evenly (every 33rd person), so even a small demo has some.
  let personNo = 0;
  for (let i = 0; i < count; i++) {
    const isOrg = (i * orgCount) % count < orgCount;
    const row = isOrg ? g.organization(rng.uuid()) : g.person(rng.uuid(), personNo++ % 33 === 16);
    rows.push(row);
    (isOrg ? orgs : people).push(row);
  }
  const relations: RelationInsert[] = [];
  const free = rng.some(people, Math.min(people.length, orgs.length * 2));
  for (const org of orgs) {
    for (let k = rng.int(1, 3); k > 0 && free.length; k--) {
      const person = free.pop()!;
      relations.push({ id: rng.uuid(), personId: person.id, organizationId: org.id, roleTitle: rng.pick(ROLE_TITLES), createdAt: new Date(Math.max(person.createdAt.getTime(), org.createdAt.getTime())) });
    }
  }
  return { rows, relations };
}
