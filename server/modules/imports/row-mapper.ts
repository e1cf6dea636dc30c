/**
 * One data row → the customer it will become (validated by the same schema as the API's create), or its errors.
 * Pure: the wizard's preview, the job and the command line all use it.
 */
import { customerCreate, type CustomerCreate } from '../../../common/customer.schemas.ts';
import type { CustomFieldType } from '../../../common/customer.schemas.ts';
import type { ImportMapping, ImportOptions } from '../../../common/imports.schemas.ts';
import { parseAmount, parseGender, parseImportDate, parseKind, parseNumber, parsePhones, padNationalId, splitMulti } from './values.ts';

export type CustomFieldInfo = { key: string; type: CustomFieldType };

export type MappedRow =
  | { ok: true; input: CustomerCreate; externalId: string | null; notes: string | null; provided: (keyof CustomerCreate)[] }
  | { ok: false; errors: string[] };

export function mapRow(cells: string[], mapping: ImportMapping, options: ImportOptions, customFields: CustomFieldInfo[]): MappedRow {
  const errors: string[] = [];
  const raw: Record<string, unknown> = {};
  const phones: { number: string; label: 'mobile' | 'work' }[] = [];
  const emails: { address: string }[] = [];
  const tags: string[] = [];
  const custom: Record<string, unknown> = {};
  const address: { line?: string; postalCode?: string } = {};
  let fullName = '';
  let kind: 'person' | 'organization' | undefined;
  let externalId: string | null = null;
  let notes: string | null = null;
  const fieldTypes = new Map(customFields.map((f) => [f.key, f.type]));

  for (const [col, target] of Object.entries(mapping)) {
    const cell = cells[Number(col)] ?? '';
    if (target === 'ignore' || cell === '') continue;
    if (target.startsWith('custom:') || target.startsWith('money:')) {
      const key = target.slice(target.indexOf(':') + 1);
      const type = fieldTypes.get(key);
      if (!type) { errors.push(`${key}: no such custom field`); continue; }
      if (target.startsWith('money:')) {
        const n = parseAmount(cell, options.moneyUnit);
        if (n === null) errors.push(`${key}: "${cell}" is not an amount`); else custom[key] = n;
      } else if (type === 'number') {
        const n = parseNumber(cell);
        if (n === null) errors.push(`${key}: "${cell}" is not a number`); else custom[key] = n;
      } else if (type === 'date') {
        const d = parseImportDate(cell, options.dates);
        if (d.ok) custom[key] = d.iso; else errors.push(`${key}: ${d.reason}`);
      } else if (type === 'boolean') {
        custom[key] = /^(1|true|yes|بله|آره|دارد|✓)$/i.test(cell);
      } else if (type === 'multi_select') {
        custom[key] = splitMulti(cell);
      } else custom[key] = cell;
      continue;
    }
    switch (target) {
      case 'fullName': fullName = cell.replace(/\s+/g, ' '); break;
      case 'kind': kind = parseKind(cell); if (!kind) errors.push(`kind: "${cell}" is neither a person nor an organization`); break;
      case 'mobile': case 'phone': {
        const p = parsePhones(cell);
        for (const n of p.numbers) phones.push({ number: n.e164, label: n.mobile ? 'mobile' : 'work' });
        for (const bad of p.invalid) errors.push(`phone: "${bad}" is not a valid phone number`);
        break;
      }
      case 'email': for (const e of splitMulti(cell)) emails.push({ address: e }); break;
      case 'tags': tags.push(...splitMulti(cell)); break;
      case 'birthday': {
        const d = parseImportDate(cell, options.dates);
        if (d.ok) raw.birthday = d.iso; else errors.push(`birthday: ${d.reason}`);
        break;
      }
      case 'gender': {
        const g = parseGender(cell);
        if (g === undefined) errors.push(`gender: "${cell}" is not known (مرد/زن, male/female)`); else raw.gender = g;
        break;
      }
      case 'nationalId': raw.nationalId = padNationalId(cell); break;
      case 'address': address.line = cell; break;
      case 'postalCode': address.postalCode = cell; break;
      case 'externalId': externalId = cell.slice(0, 100); break;
      case 'notes': notes = cell; break;
      default: raw[target] = cell;
    }
  }
  if (fullName && !raw.firstName && !raw.lastName) {
    // The last word is the family name: «علی رضایی» → علی / رضایی, «محمد رضا احمدی» → محمد رضا / احمدی.
    const words = fullName.split(' ');
    if (words.length === 1) raw.lastName = words[0];
    else { raw.firstName = words.slice(0, -1).join(' '); raw.lastName = words[words.length - 1]; }
  }
  const hasName = Boolean(raw.firstName || raw.lastName);
  raw.kind = kind ?? (!hasName && raw.orgName ? 'organization' : 'person');
  if (phones.length) raw.phones = phones;
  if (emails.length) raw.emails = emails;
  if (tags.length) raw.tags = [...new Set(tags)];
  if (Object.keys(custom).length) raw.custom = custom;
  if (address.line) raw.addresses = [{ line: address.line, ...(raw.city ? { city: raw.city } : {}), ...(raw.province ? { province: raw.province } : {}), ...(address.postalCode ? { postalCode: address.postalCode } : {}) }];
  else if (address.postalCode) errors.push('postalCode: a postal code needs an address column');
  raw.source = 'other';
  const parsed = customerCreate.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) errors.push(`${i.path.join('.') || 'row'}: ${i.message}`);
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  const provided = Object.keys(raw).filter((k) => k !== 'kind' && k !== 'source') as (keyof CustomerCreate)[];
  return { ok: true, input: parsed.data, externalId, notes, provided };
}
