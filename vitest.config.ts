import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Browser tests start a real Chromium; a cold start on a busy 2-core machine takes seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two workers: each browser test file runs its own Chromium, and the machine has two cores.
    maxWorkers: 2,
  },
});
