/** Iranian identifiers: کد ملی (10 digits, check digit), شناسه ملی اشخاص حقوقی (11 digits), کد اقتصادی. */
import { verifyIranianNationalId, verifyIranianLegalId } from '@persian-tools/persian-tools';
import { toLatinDigits } from './fa-normalize.ts';

/** Strips spaces/dashes and makes digits ASCII. */
export function cleanId(input: string): string {
  return toLatinDigits(input).replace(/[\s\-_.\u200C]/g, '');
}

export function isValidNationalId(input: string): boolean {
  const s = cleanId(input);
  return /^\d{10}$/.test(s) && verifyIranianNationalId(s) === true;
}

export function isValidCompanyNationalId(input: string): boolean {
  const s = cleanId(input);
  return /^\d{11}$/.test(s) && verifyIranianLegalId(s) === true;
}

/** Economic code (کد اقتصادی): 12 digits for legal entities, or for natural persons a national-ID-based 14-digit form. */
export function isValidEconomicCode(input: string): boolean {
  return /^\d{10,14}$/.test(cleanId(input));
}
