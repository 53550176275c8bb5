// End-to-end tests: each file starts its own Dayreel (`npm start`'s entry, a fresh DATA_DIR,
// the demo user and day) on a free port and drives Debian's Chromium through playwright-core.
// Run with `npm run test:e2e` (it builds web/dist first when stale). Screenshots of every step
// go to test-output/e2e/<file>/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    // The machine has 2 cores and renders are CPU-bound: one file at a time (two at a time took
    // as long, 608 s, on 2026-12-02).
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
