/**
 * An in-process fake WooCommerce store (node:http on port 0) speaking the REST API v3 shapes Mehvar reads:
 * GET /wp-json/wc/v3/customers and /orders with per_page, page, orderby, order, modified_after (+ dates_are_gmt),
 * X-WP-Total / X-WP-TotalPages headers, credentials in the query string (http) or Basic auth, and WooCommerce's error
 * bodies ({code, message, data:{status}}): 401 woocommerce_rest_authentication_error for a wrong key.
 *
 *   const shop = await startFakeWoo({ key: 'ck_1', secret: 'cs_1' });
 *   shop.addCustomer({ email: 'a@b.example', first_name: 'Ali' });
 *   shop.addOrder({ billing: {…}, line_items: [{ sku: 'P-1', name: 'Tea', quantity: 2, price: 1000, total: '2000.00' }] });
 *   shop.touchOrder(id, { status: 'completed' })   // changes it and moves its date_modified_gmt to `shop.now`
 *   shop.failNext(1)                                 // the next request gets a 500 page
 *   shop.received                                    // every request: method, path, query, headers
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

type Billing = { first_name?: string; last_name?: string; email?: string; phone?: string; city?: string; company?: string };
export type FakeWooCustomer = { id: number; email: string; first_name: string; last_name: string; date_created_gmt: string; date_modified_gmt: string; billing: Billing };
export type FakeWooLine = { id: number; name: string; sku: string; quantity: number; price: number; subtotal: string; total: string; product_id: number };
export type FakeWooOrder = {
  id: number; number: string; status: string; currency: string; customer_id: number; date_created_gmt: string; date_modified_gmt: string;
  date_paid_gmt: string | null; total: string; shipping_total: string; discount_total: string; payment_method: string; payment_method_title: string;
  transaction_id: string; billing: Billing; line_items: FakeWooLine[];
};
export type FakeWooRequest = { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders };

export interface FakeWoo {
  readonly url: string;
  readonly received: FakeWooRequest[];
  readonly customers: FakeWooCustomer[];
  readonly orders: FakeWooOrder[];
  /** The time new and touched records get as date_modified_gmt (ISO without Z, as WooCommerce writes *_gmt). */
  now: string;
  addCustomer(c: Partial<FakeWooCustomer>): FakeWooCustomer;
  addOrder(o: Partial<Omit<FakeWooOrder, 'line_items'>> & { line_items?: Partial<FakeWooLine>[] }): FakeWooOrder;
  touchOrder(id: number, change: Partial<FakeWooOrder>): FakeWooOrder;
  failNext(n: number): void;
  close(): Promise<void>;
}

const gmt = (iso: string) => iso.replace(/\.\d+Z$|Z$/, '');

export async function startFakeWoo(opts: { key: string; secret: string; now?: string }): Promise<FakeWoo> {
  const received: FakeWooRequest[] = [];
  const customers: FakeWooCustomer[] = [];
  const orders: FakeWooOrder[] = [];
  let failures = 0;
  let nextId = 100;
  let lineId = 1;

  const error = (res: http.ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify({ code, message, data: { status } }));
  };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(u.searchParams);
    received.push({ method: req.method ?? '', path: u.pathname, query, headers: req.headers });
    if (failures > 0) {
      failures--;
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
      return;
    }
    let key = query.consumer_key, secret = query.consumer_secret;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) [key, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    if (!key) return error(res, 401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    if (key !== opts.key || secret !== opts.secret) return error(res, 401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    const m = /^\/wp-json\/wc\/v3\/(customers|orders)$/.exec(u.pathname);
    if (!m || req.method !== 'GET') return error(res, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const perPage = Number(query.per_page ?? 10);
    const page = Number(query.page ?? 1);
    if (!(perPage >= 1 && perPage <= 100) || !(page >= 1)) return error(res, 400, 'rest_invalid_param', 'Invalid parameter(s): per_page');
    let list: (FakeWooCustomer | FakeWooOrder)[] = m[1] === 'customers' ? [...customers] : [...orders];
    if (query.modified_after) {
      // With dates_are_gmt the filter compares date_modified_gmt; the value is an ISO 8601 time.
      const after = Date.parse(query.modified_after.endsWith('Z') || /[+-]\d\d:\d\d$/.test(query.modified_after) ? query.modified_after : query.modified_after + 'Z');
      if (Number.isNaN(after)) return error(res, 400, 'rest_invalid_param', 'Invalid parameter(s): modified_after');
      list = list.filter((x) => Date.parse(x.date_modified_gmt + 'Z') > after);
    }
    if (query.orderby === 'modified') list.sort((a, b) => a.date_modified_gmt.localeCompare(b.date_modified_gmt) || a.id - b.id);
    else list.sort((a, b) => a.id - b.id);
    if (query.order === 'desc') list.reverse();
    const totalPages = Math.max(1, Math.ceil(list.length / perPage));
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'x-wp-total': String(list.length), 'x-wp-totalpages': String(totalPages) });
    res.end(JSON.stringify(list.slice((page - 1) * perPage, page * perPage)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeWoo = {
    url: `http://127.0.0.1:${port}`,
    received, customers, orders,
    now: gmt(opts.now ?? '2026-11-01T00:00:00Z'),
    addCustomer(c) {
      const id = c.id ?? nextId++;
      const row: FakeWooCustomer = { id, email: '', first_name: '', last_name: '', date_created_gmt: fake.now, date_modified_gmt: fake.now, billing: {}, ...c };
      customers.push(row);
      return row;
    },
    addOrder(o) {
      const id = o.id ?? nextId++;
      const lines: FakeWooLine[] = (o.line_items ?? []).map((l) => {
        const quantity = l.quantity ?? 1, price = l.price ?? 0;
        return { id: lineId++, name: '', sku: '', product_id: 0, quantity, price, subtotal: (quantity * price).toFixed(2), total: (quantity * price).toFixed(2), ...l };
      });
      const total = o.total ?? lines.reduce((s, l) => s + Number(l.total), 0).toFixed(2);
      const row: FakeWooOrder = {
        id, number: String(id), status: 'processing', currency: 'IRR', customer_id: 0, date_created_gmt: fake.now, date_modified_gmt: fake.now,
        date_paid_gmt: null, shipping_total: '0.00', discount_total: '0.00', payment_method: 'bacs', payment_method_title: 'Bank transfer', transaction_id: '',
        billing: {}, ...o, total, line_items: lines,
      };
      orders.push(row);
      return row;
    },
    touchOrder(id, change) {
      const o = orders.find((x) => x.id === id);
      if (!o) throw new Error(`no order ${id}`);
      Object.assign(o, change, { date_modified_gmt: fake.now });
      return o;
    },
    failNext(n) { failures = n; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}
