// The multi-process scale suite (real processes, PostgreSQL, s3rver): its own run, not part
// of `npm test`, since it takes minutes and both CPU cores. Needs TEST_DATABASE_URL; without
// it the suite says it was skipped.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'scale',
    include: ['test/scale/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    // One file, and nothing else competing for the CPU.
    fileParallelism: false,
  },
});
