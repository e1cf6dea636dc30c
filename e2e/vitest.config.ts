import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // On a failure: the pages' addresses, text and screenshots, and the servers' logs.
    setupFiles: ['e2e/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for a condition on the page; 1 s (vitest's default) is too short beside the unit tests in CI.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    // One server and one browser per file; files run one after another so they never compete for ports or CPU.
    fileParallelism: false,
    sequence: { concurrent: false },
    pool: 'forks',
    // The files of one run share their loaded modules (playwright-core, the harness, the server's code they import)
    // instead of loading them again per file: under CI's load that was 7–12 s a file. Each file starts its own
    // server and browser and closes them, and none mocks modules or changes the environment, so nothing carries over.
    isolate: false,
  },
});
