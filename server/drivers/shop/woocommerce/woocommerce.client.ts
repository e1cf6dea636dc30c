/**
 * WooCommerce REST API v3 client: customers and orders, listed by modification date, page by page
 * (`X-WP-TotalPages`), authenticated with the store's consumer key and secret — HTTP Basic over https; over plain
 * http (local fakes only) WooCommerce wants them in the query string. Every request goes through the outbound guard.
 */
import type { OutboundGuard } from '../../../net/outbound-guard.ts';
import { outboundRequest, OutboundHttpError } from '../../../net/outbound-http.ts';
import type { WooCustomer, WooOrder } from './woocommerce.types.ts';

export type WooCredentials = { storeUrl: string; consumerKey: string; consumerSecret: string };
export type WooResource = 'customers' | 'orders';

/** A failed exchange with the store: WooCommerce's own error code and message when it sent one. */
export class WooError extends Error {
  constructor(message: string, readonly status: number, readonly code: string) {
    super(message);
    this.name = 'WooError';
  }
}

export const PER_PAGE = 100;

/** The address of one page of a list, with query-string credentials for http only. */
export function listUrl(creds: WooCredentials, resource: WooResource, page: number, modifiedAfter: string | null): string {
  const base = creds.storeUrl.replace(/\/+$/, '');
  const u = new URL(`${base}/wp-json/wc/v3/${resource}`);
  u.searchParams.set('per_page', String(PER_PAGE));
  u.searchParams.set('page', String(page));
  u.searchParams.set('orderby', resource === 'customers' ? 'id' : 'modified');
  u.searchParams.set('order', 'asc');
  if (resource === 'customers') u.searchParams.set('role', 'all');
  if (modifiedAfter) {
    u.searchParams.set('modified_after', modifiedAfter);
    u.searchParams.set('dates_are_gmt', 'true');
  }
  if (u.protocol === 'http:') {
    u.searchParams.set('consumer_key', creds.consumerKey);
    u.searchParams.set('consumer_secret', creds.consumerSecret);
  }
  return u.toString();
}

/** Basic auth header for https; none for http (credentials are in the query string there). */
export function authHeaders(creds: WooCredentials): Record<string, string> {
  if (new URL(creds.storeUrl).protocol !== 'https:') return {};
  return { authorization: `Basic ${Buffer.from(`${creds.consumerKey}:${creds.consumerSecret}`).toString('base64')}` };
}

/** WooCommerce errors look like {code, message, data:{status}}; anything else (an HTML error page) is summarized. */
export function parseWooError(status: number, text: string): WooError {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; data?: { status?: unknown } };
    if (body && typeof body.code === 'string' && typeof body.message === 'string') {
      const s = typeof body.data?.status === 'number' ? body.data.status : status;
      return new WooError(`${body.message.replace(/<[^>]*>/g, '').slice(0, 300)} (${body.code}, HTTP ${s})`, s, body.code);
    }
  } catch { /* not JSON */ }
  return new WooError(`The store answered HTTP ${status}`, status, status >= 500 ? 'server_error' : 'http_error');
}

export type Page<T> = { items: T[]; totalPages: number };

export async function fetchPage<T extends WooResource>(guard: OutboundGuard, creds: WooCredentials, resource: T, page: number,
  modifiedAfter: string | null): Promise<Page<T extends 'orders' ? WooOrder : WooCustomer>> {
  let res;
  try {
    res = await outboundRequest(guard, listUrl(creds, resource, page, modifiedAfter), {
      method: 'GET', headers: { accept: 'application/json', 'user-agent': 'Mehvar-CRM', ...authHeaders(creds) }, timeoutMs: 30_000, maxBytes: 20_000_000, maxRedirects: 2,
    });
  } catch (e) {
    if (e instanceof OutboundHttpError) throw new WooError(`Could not reach the store: ${e.message}`, 0, e.code);
    const msg = e instanceof Error ? e.message : String(e);
    throw new WooError(`Could not reach the store: ${msg}`, 0, 'unreachable');
  }
  if (res.status < 200 || res.status >= 300) throw parseWooError(res.status, res.text);
  let items: unknown;
  try { items = JSON.parse(res.text); } catch { throw new WooError('The store did not answer with JSON (is the URL the WordPress site?)', res.status, 'bad_response'); }
  if (!Array.isArray(items)) throw new WooError('The store answered with something other than a list', res.status, 'bad_response');
  const header = res.headers['x-wp-totalpages'];
  const totalPages = Number(Array.isArray(header) ? header[0] : header ?? '1');
  return { items: items as never, totalPages: Number.isFinite(totalPages) && totalPages >= 1 ? totalPages : 1 };
}

/** Every item modified after a time (null: all), page after page, handed over one page at a time. */
export async function* pullAll<T extends WooResource>(guard: OutboundGuard, creds: WooCredentials, resource: T, modifiedAfter: string | null,
  maxPages = 1000) {
  for (let page = 1; page <= maxPages; page++) {
    const p = await fetchPage(guard, creds, resource, page, modifiedAfter);
    if (p.items.length) yield p.items;
    if (page >= p.totalPages || p.items.length === 0) return;
  }
}
