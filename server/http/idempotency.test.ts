/** What makes two requests "the same" for an Idempotency-Key. */
import { describe, it, expect } from 'vitest';
import { canonicalJson, requestHash } from './idempotency.ts';

describe('requestHash', () => {
  it('ignores the order of object fields, at any depth, but not the order of array items', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(requestHash('POST', '/api/customers', { a: 1, b: { x: 1, y: 2 } })).toBe(requestHash('POST', '/api/customers', { b: { y: 2, x: 1 }, a: 1 }));
    expect(requestHash('POST', '/api/x', { list: [1, 2] })).not.toBe(requestHash('POST', '/api/x', { list: [2, 1] }));
  });

  it('differs by method, address (query included) and any value', () => {
    const base = requestHash('POST', '/api/customers', { orgName: 'الف' });
    expect(requestHash('POST', '/api/customers?force=true', { orgName: 'الف' })).not.toBe(base);
    expect(requestHash('POST', '/api/deals', { orgName: 'الف' })).not.toBe(base);
    expect(requestHash('POST', '/api/customers', { orgName: 'ب' })).not.toBe(base);
    expect(requestHash('POST', '/api/customers', { orgName: 'الف', extra: null })).not.toBe(base);
    // A missing body and an empty object are different requests.
    expect(requestHash('POST', '/api/x', undefined)).not.toBe(requestHash('POST', '/api/x', {}));
  });
});
