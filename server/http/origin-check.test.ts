/**
 * The same-origin check on its own: a state-changing request carried by the session cookie is refused when the
 * browser says it comes from another site (Sec-Fetch-Site: cross-site) or names an Origin that is not ours — the
 * public URL's origin (with its own scheme), or http(s) on the very Host the request was sent to. No Origin: judged by
 * the CSRF token alone.
 */
import { describe, it, expect } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { assertSameOrigin } from './origin-check.ts';
import { AppError } from '../errors.ts';

const PUBLIC = 'https://crm.example.com';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

function verdict(headers: Record<string, string>, publicUrl = PUBLIC): 'ok' | 'refused' {
  try {
    assertSameOrigin(req(headers), publicUrl);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('CSRF_FAILED');
    expect((e as AppError).message).toBe('Cross-site request refused');
    return 'refused';
  }
}

describe('assertSameOrigin', () => {
  it('lets a request without Origin or Sec-Fetch-Site through (non-browser clients: the CSRF token decides)', () => {
    expect(verdict({})).toBe('ok');
    expect(verdict({ host: 'evil.example' })).toBe('ok');
  });

  it('refuses whatever the browser marks cross-site, even with our own Origin', () => {
    expect(verdict({ 'sec-fetch-site': 'cross-site', origin: PUBLIC, host: 'crm.example.com' })).toBe('refused');
    expect(verdict({ 'sec-fetch-site': 'cross-site' })).toBe('refused');
    for (const site of ['same-origin', 'same-site', 'none']) expect(verdict({ 'sec-fetch-site': site, origin: PUBLIC }), site).toBe('ok');
  });

  it('accepts the public URL’s origin, whatever Host the request came with', () => {
    expect(verdict({ origin: PUBLIC, host: '10.0.0.5:3000' })).toBe('ok');
    expect(verdict({ origin: PUBLIC })).toBe('ok');
    // Origin compares scheme, host and port; a default port is the same origin.
    expect(verdict({ origin: 'https://crm.example.com:443' })).toBe('ok');
    expect(verdict({ origin: 'https://CRM.example.com' })).toBe('ok');
  });

  it('refuses the public host over another scheme, even when it is the request’s Host', () => {
    expect(verdict({ origin: 'http://crm.example.com', host: 'crm.example.com' })).toBe('refused');
    expect(verdict({ origin: 'http://crm.example.com' })).toBe('refused');
  });

  it('accepts http or https on the Host the request was sent to (a LAN address, a second name), Host in any case', () => {
    expect(verdict({ origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' })).toBe('ok');
    expect(verdict({ origin: 'https://crm.office.lan', host: 'CRM.Office.LAN' })).toBe('ok');
  });

  it('refuses another site, another port, other schemes, no Host to compare with, and unreadable origins', () => {
    expect(verdict({ origin: 'https://evil.example', host: 'crm.example.com' })).toBe('refused');
    expect(verdict({ origin: 'https://crm.example.com.evil.example', host: 'crm.example.com' })).toBe('refused');
    expect(verdict({ origin: 'http://10.0.0.5:3001', host: '10.0.0.5:3000' })).toBe('refused');
    expect(verdict({ origin: 'http://10.0.0.5', host: '10.0.0.5:3000' })).toBe('refused');
    expect(verdict({ origin: 'ftp://10.0.0.5:3000', host: '10.0.0.5:3000' })).toBe('refused');
    expect(verdict({ origin: 'ws://10.0.0.5:3000', host: '10.0.0.5:3000' })).toBe('refused');
    expect(verdict({ origin: 'http://10.0.0.5:3000' })).toBe('refused');
    expect(verdict({ origin: 'http://10.0.0.5:3000', host: '' })).toBe('refused');
    expect(verdict({ origin: 'null', host: 'crm.example.com' })).toBe('refused');
    expect(verdict({ origin: '', host: 'crm.example.com' })).toBe('refused');
    expect(verdict({ origin: 'not a url', host: 'crm.example.com' })).toBe('refused');
    // An opaque origin (file:, data:) is "null" too, even when its text names our host.
    expect(verdict({ origin: 'file://crm.example.com/', host: 'crm.example.com' })).toBe('refused');
  });

  it('with a plain-http public URL, its https twin is not the same origin unless it is the request’s Host', () => {
    expect(verdict({ origin: 'http://localhost:3000' }, 'http://localhost:3000')).toBe('ok');
    expect(verdict({ origin: 'https://localhost:3000', host: 'localhost:3000' }, 'http://localhost:3000')).toBe('refused');
  });
});
