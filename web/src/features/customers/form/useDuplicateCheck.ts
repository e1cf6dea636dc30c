/**
 * Asks the server, as the user types, whether someone with this phone, email or ID already exists — or someone with
 * the same name, or a close name in the same city or with the same phone prefix.
 */
import { useQueries } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { normalizePhone } from '../../../../../common/phone';
import { isValidCompanyNationalId, isValidNationalId } from '../../../../../common/national-id';
import { api } from '../../../api/client';
import type { DuplicateMatch } from '../../../api/types';
import type { CustomerFormState } from './customer-form-state';

type Probe = { phone?: string; email?: string; nationalId?: string; companyNationalId?: string; name?: string; kind?: string; city?: string };

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Only complete, valid values are sent: a half-typed number would match nothing and cost a request per key. */
function probesOf(s: CustomerFormState): Probe[] {
  const probes: Probe[] = [];
  for (const p of s.phones) {
    const r = normalizePhone(p.number);
    if (r.ok) probes.push({ phone: r.e164 });
  }
  for (const e of s.emails) if (EMAIL_LIKE.test(e.trim())) probes.push({ email: e.trim().toLowerCase() });
  if (s.kind === 'person' && isValidNationalId(s.nationalId)) probes.push({ nationalId: s.nationalId });
  if (s.kind === 'organization' && isValidCompanyNationalId(s.companyNationalId)) probes.push({ companyNationalId: s.companyNationalId });
  const name = (s.kind === 'person' ? [s.firstName, s.lastName] : [s.orgName]).map((x) => x.trim()).filter(Boolean).join(' ');
  // A whole name (first and last for a person): one word alone matches too many.
  const whole = s.kind === 'person' ? Boolean(s.firstName.trim() && s.lastName.trim()) : name.length >= 3;
  if (whole) {
    const phone = probes.find((p) => p.phone)?.phone;
    probes.push({ name, kind: s.kind, ...(s.city.trim() ? { city: s.city.trim() } : {}), ...(phone ? { phone } : {}) });
  }
  return probes;
}

export function useDuplicateCheck(state: CustomerFormState, excludeId?: string): DuplicateMatch[] {
  const [debounced] = useDebouncedValue(state, 350);
  const probes = probesOf(debounced);
  const results = useQueries({
    queries: probes.map((probe) => ({
      queryKey: ['duplicates', probe, excludeId],
      queryFn: () => api.get<{ matches: DuplicateMatch[] }>('/customers/duplicates', { ...probe, excludeId }),
      staleTime: 60_000,
    })),
  });
  // Matches the reader may not see have no id: they are counted as one.
  const byId = new Map<string | null, DuplicateMatch>();
  for (const r of results) {
    for (const m of r.data?.matches ?? []) {
      const seen = byId.get(m.id);
      byId.set(m.id, seen ? { ...seen, matchedOn: [...new Set([...seen.matchedOn, ...m.matchedOn])] } : m);
    }
  }
  return [...byId.values()];
}
