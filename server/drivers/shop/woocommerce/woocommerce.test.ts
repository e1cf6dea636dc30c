import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import { authHeaders, listUrl, parseWooError, verifyWooSignature, wooSignature } from './index.ts';

const https = { storeUrl: 'https://shop.example/store/', consumerKey: 'ck_1', consumerSecret: 'cs_1' };

describe('requests', () => {
  it('lists by modification with Basic auth over https, never the secret in the URL', () => {
    const u = new URL(listUrl(https, 'orders', 2, '2026-11-01T10:00:00'));
    expect(u.origin + u.pathname).toBe('https://shop.example/store/wp-json/wc/v3/orders');
    expect(Object.fromEntries(u.searchParams)).toEqual({ per_page: '100', page: '2', orderby: 'modified', order: 'asc', modified_after: '2026-11-01T10:00:00', dates_are_gmt: 'true' });
    expect(authHeaders(https)).toEqual({ authorization: `Basic ${Buffer.from('ck_1:cs_1').toString('base64')}` });
  });
  it('puts the credentials in the query over plain http only', () => {
    const u = new URL(listUrl({ ...https, storeUrl: 'http://127.0.0.1:8080' }, 'customers', 1, null));
    expect(u.searchParams.get('consumer_key')).toBe('ck_1');
    expect(u.searchParams.get('modified_after')).toBeNull();
    expect(authHeaders({ ...https, storeUrl: 'http://127.0.0.1:8080' })).toEqual({});
  });
});

describe('errors', () => {
  it('reads WooCommerce’s error body', () => {
    const e = parseWooError(401, JSON.stringify({ code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.', data: { status: 401 } }));
    expect(e).toMatchObject({ status: 401, code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match. (woocommerce_rest_authentication_error, HTTP 401)' });
  });
  it('summarizes an HTML error page', () => {
    expect(parseWooError(502, '<html>Bad gateway</html>')).toMatchObject({ status: 502, code: 'server_error', message: 'The store answered HTTP 502' });
  });
});

describe('webhook signature', () => {
  const body = '{"id":1,"status":"processing"}';
  const good = createHmac('sha256', 's3cret').update(body).digest('base64');
  it('is base64 HMAC-SHA256 of the raw body', () => {
    expect(wooSignature('s3cret', body)).toBe(good);
    expect(verifyWooSignature('s3cret', Buffer.from(body), good)).toBe(true);
  });
  it('refuses another secret, another body, a missing or truncated header, an empty secret', () => {
    expect(verifyWooSignature('other', body, good)).toBe(false);
    expect(verifyWooSignature('s3cret', body + ' ', good)).toBe(false);
    expect(verifyWooSignature('s3cret', body, undefined)).toBe(false);
    expect(verifyWooSignature('s3cret', body, good.slice(0, 10))).toBe(false);
    expect(verifyWooSignature('', body, createHmac('sha256', '').update(body).digest('base64'))).toBe(false);
  });
});
