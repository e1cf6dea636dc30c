/** API errors and validation issues → sentences a person understands, in the current language. */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../api/client';
import { PASSWORD_PROBLEMS, type PasswordProblem } from '../../../common/password-policy';

const KNOWN_CODES = ['VALIDATION_FAILED', 'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'CSRF_FAILED', 'NOT_FOUND', 'CONFLICT', 'DUPLICATE', 'ERASED_CONTACT', 'INSUFFICIENT_POINTS', 'OUT_OF_STOCK', 'UNPROCESSABLE', 'IDEMPOTENCY_MISMATCH', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'NETWORK'];

export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'RATE_LIMITED') {
      if (!err.retryAfterSec) return t('errors.RATE_LIMITED');
      // Login throttling starts with waits of seconds: "wait 1 minute" would overstate them.
      return err.retryAfterSec < 60
        ? t('errors.RATE_LIMITED_seconds', { count: err.retryAfterSec })
        : t('errors.RATE_LIMITED_wait', { count: Math.ceil(err.retryAfterSec / 60) });
    }
    if (KNOWN_CODES.includes(err.code)) return t(`errors.${err.code}`);
    if (err.status >= 500) return t('errors.SERVER');
  }
  return t('errors.UNKNOWN');
}

/**
 * The shared schemas and the server speak English; the messages they can produce are mapped to translation keys,
 * so a Persian user never sees an English sentence beside a field.
 */
const MESSAGE_KEYS: Record<string, string> = {
  'not a valid phone number': 'fieldErrors.phone',
  'phone number contains letters': 'fieldErrors.phoneLetters',
  'not a valid email address': 'fieldErrors.email',
  'postal code must be 10 digits': 'fieldErrors.postalCode',
  'not a valid national ID (کد ملی)': 'fieldErrors.nationalId',
  'not a valid company national ID (شناسه ملی)': 'fieldErrors.companyNationalId',
  'not a valid economic code': 'fieldErrors.economicCode',
  'not a valid date (use 1403/05/12 or 2024-08-02)': 'fieldErrors.date',
  'an organization needs a name': 'fieldErrors.orgName',
  'a person needs a first or last name': 'fieldErrors.personName',
  'a call needs a direction (in or out)': 'fieldErrors.direction',
  'duration applies to calls and meetings': 'fieldErrors.duration',
  // The password policy's answers (common/password-policy.ts).
  ...Object.fromEntries(Object.entries(PASSWORD_PROBLEMS).map(([k, message]) => [message, `passwordErrors.${k as PasswordProblem}`])),
  'a select field needs options': 'fieldErrors.options',
  'option values must be unique': 'fieldErrors.optionsUnique',
  'max must not be below min': 'fieldErrors.minMax',
  'lower-case latin letters, digits and _; starts with a letter': 'fieldErrors.key',
  // The outbound guard (server/net/outbound-guard.ts) and the settings that name a host.
  'refused: private address': 'outbound.privateAddress',
  'not a valid host': 'outbound.invalidHost',
  'type the secret again for another PBX': 'outbound.amiSecretAgain',
  'required for a PBX other than the saved one': 'outbound.amiSecretAgain',
};

export function translateFieldMessage(t: TFunction, message: string): string {
  const key = MESSAGE_KEYS[message];
  if (key) return t(key);
  const tooLong = /expected (?:string|array) to have <=(\d+)/i.exec(message);
  if (tooLong) return t('fieldErrors.maxLength', { count: Number(tooLong[1]) });
  if (/required|too_small|expected string|at least 1|>=1/i.test(message)) return t('fieldErrors.required');
  return t('fieldErrors.invalid');
}

export type FieldErrors = Record<string, string>;

/** `details` of a 400 is `{ "field.path": "message" }`. */
export function apiFieldErrors(t: TFunction, err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !err.details) return {};
  const out: FieldErrors = {};
  for (const [path, msg] of Object.entries(err.details)) {
    if (typeof msg === 'string') out[path] = translateFieldMessage(t, msg);
  }
  return out;
}

export function zodFieldErrors(t: TFunction, error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    if (out[path]) continue;
    // A schema's own message ("at least 12 characters") says more than "required".
    const known = MESSAGE_KEYS[issue.message];
    out[path] = known ? t(known) : issue.code === 'too_small' || (issue.code === 'invalid_type' && issue.input === undefined)
      ? t('fieldErrors.required')
      : translateFieldMessage(t, issue.message);
  }
  return out;
}
