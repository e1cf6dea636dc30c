/**
 * A shop buyer → a CRM customer: the one already linked to the shop's customer id, else one with the same email or
 * phone, else a new one. An existing record only gains what it lacks (a new email or phone, an empty name or city):
 * what people typed in the CRM is not overwritten by the shop.
 */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../auth/index.ts';
import { createCustomer, findDuplicates, loadVisibleCustomer, updateCustomer } from '../customers/index.ts';
import { customerCreate, emailInput, phoneInput, type CustomerUpdate } from '../../../common/customer.schemas.ts';

export type ShopBuyer = { shopCustomerId: number | null; email: string; phone: string; firstName: string; lastName: string; city: string; company: string };
export type BuyerOutcome = { id: string; outcome: 'created' | 'updated' | 'unchanged' };

const externalIdOf = (shopCustomerId: number) => `woocommerce:${shopCustomerId}`;

export async function upsertBuyer(tx: Db, actor: Actor, clock: Clock, b: ShopBuyer): Promise<BuyerOutcome> {
  const email = emailInput.safeParse({ address: b.email });
  const phone = phoneInput.safeParse({ number: b.phone });
  const emails = email.success ? [email.data] : [];
  const phones = phone.success ? [phone.data] : [];
  let id: string | null = null;
  if (b.shopCustomerId) id = (await findDuplicates(tx, actor, { externalId: externalIdOf(b.shopCustomerId) })).find((m) => m.id)?.id ?? null;
  if (!id && (emails.length || phones.length)) {
    const matches = await findDuplicates(tx, actor, { emails: emails.map((e) => e.address), phones: phones.map((p) => p.number) });
    id = matches.find((m) => m.id)?.id ?? null;
  }
  if (!id) {
    const firstName = b.firstName.trim() || null;
    const lastName = b.lastName.trim() || (firstName ? null : b.company.trim() || emails[0]?.address || phones[0]?.number || 'WooCommerce');
    const input = customerCreate.parse({
      kind: 'person', firstName, lastName, emails: emails.map((e) => ({ address: e.address })), phones: phones.map((p) => ({ number: p.number })),
      city: b.city.trim() || null, source: 'website', ownerId: null, force: true,
    });
    const created = await createCustomer(tx, actor, clock, input, { externalId: b.shopCustomerId ? externalIdOf(b.shopCustomerId) : null });
    return { id: created.id, outcome: 'created' };
  }
  const c = await loadVisibleCustomer(tx, actor, id);
  const change: CustomerUpdate = {};
  if (emails.length && !c.emails.some((e) => e.address.toLowerCase() === emails[0].address)) change.emails = [...c.emails, emails[0]];
  if (phones.length && !c.phones.some((p) => p.number === phones[0].number)) change.phones = [...c.phones, { ...phones[0], primary: false }];
  if (c.kind === 'person' && !c.firstName && b.firstName.trim()) change.firstName = b.firstName.trim();
  if (!c.city && b.city.trim()) change.city = b.city.trim();
  if (!Object.keys(change).length) return { id, outcome: 'unchanged' };
  await updateCustomer(tx, actor, clock, id, change);
  return { id, outcome: 'updated' };
}
