import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // A missing snapshot fails, as on CI, instead of being written from whatever the code gives now;
    // obsolete ones fail too. Write or update them on purpose with `npx vitest run -u`.
    update: 'none',
    // Browser tests start a real Chromium; a cold start on a busy 2-core machine takes seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two workers: each browser test file runs its own Chromium, and the machine has two cores.
    maxWorkers: 2,
  },
});
