/**
 * A campaign's text made personal: {firstName} / {نام}, {lastName} / {نام_خانوادگی}, {name} / {نام_کامل} and
 * {greeting} / {خطاب} — «آقای رضایی» or «خانم رضایی» by the customer's gender, otherwise the full name (a generic
 * "dear customer" is what customers ignore), {link} / {لینک} — the recipient's personal tracked link. A placeholder that
 * is not known (or {link} without a link) is left as written.
 */
export type Recipient = { display_name: string; first_name: string | null; last_name: string | null; gender: string | null };

export function renderCampaignText(body: string, r: Recipient, link?: string): string {
  const name = r.display_name.trim();
  const first = r.first_name?.trim() || name;
  const last = r.last_name?.trim() || '';
  const greeting = last && r.gender === 'male' ? `آقای ${last}` : last && r.gender === 'female' ? `خانم ${last}` : name;
  const values: Record<string, string> = {
    firstName: first, 'نام': first, lastName: last, 'نام_خانوادگی': last, name, 'نام_کامل': name, greeting, 'خطاب': greeting,
    ...(link ? { link, 'لینک': link } : {}),
  };
  return body.replace(/\{([^{}\s]{1,20})\}/g, (whole, key: string) => values[key] ?? whole);
}
