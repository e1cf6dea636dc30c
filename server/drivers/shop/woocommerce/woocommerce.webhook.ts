/** WooCommerce webhook signatures: X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, raw body)). */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function wooSignature(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

export function verifyWooSignature(secret: string, raw: Buffer | string, header: string | undefined): boolean {
  if (!secret || !header) return false;
  const expected = Buffer.from(wooSignature(secret, raw));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
