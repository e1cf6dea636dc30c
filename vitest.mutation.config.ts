/**
 * The tests Stryker runs against each mutant (stryker.config.json, `npm run test:mutation`): only the fast, pure unit
 * tests of the policy and scope code and the guards of issue 13 — no database, no app — so each mutant costs
 * milliseconds. Threads, not forks: Stryker's vitest runner keeps one vitest per worker and reruns the tests that cover
 * a mutant (coverageAnalysis perTest).
 */
import { defineConfig } from 'vitest/config';

export const MUTATION_TESTS = [
  'server/modules/auth/policy.test.ts',
  'server/modules/auth/policy-scopes.test.ts',
  'server/modules/auth/key-permissions.test.ts',
  'server/modules/auth/password-policy.rules.test.ts',
  'server/modules/auth/password-policy.test.ts',
  'server/modules/auth/throttle-rules.test.ts',
  'server/modules/auth/device-cookie.test.ts',
  'server/http/origin-check.test.ts',
  'server/http/json-depth.test.ts',
  'server/http/json-body-parser.test.ts',
  'server/net/trusted-proxies.test.ts',
  'server/net/ip-address.test.ts',
  'server/net/ip-address.edges.test.ts',
  'server/net/allow-list.test.ts',
  'server/net/outbound-guard.test.ts',
  'server/net/outbound-guard.edges.test.ts',
  'server/net/outbound-http.test.ts',
  'server/drivers/email/smtp-url.test.ts',
  'server/modules/support/ticket-visibility.test.ts',
];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    exclude: ['node_modules/**', 'e2e/**', 'web/**'],
    testTimeout: 30_000,
    pool: 'threads',
    maxWorkers: 1,
  },
});
