// Three projects: pure unit tests; integration tests on embedded PGlite; the same integration
// tests on real PostgreSQL when TEST_DATABASE_URL is set (.ci/run sets it).
import { defineConfig } from 'vitest/config';

const integration = ['server/**/*.int.test.ts', 'scripts/**/*.int.test.ts', 'client/**/*.int.test.ts'];
/** Need a PostgreSQL server (pg-boss, LISTEN/NOTIFY, several processes on one database): not part of the PGlite project. */
const postgresOnly = [
  'server/src/jobs/pgboss.int.test.ts',
  'server/src/bus/pg-notify.int.test.ts',
  'server/src/sharing/share-two-processes.int.test.ts',
  'server/src/ops/worker.int.test.ts',
  'server/src/security/domain-postgres.int.test.ts',
  'server/src/security/revocation.int.test.ts',
];
/** Backend-neutral, and they build client/dist: run once (in the PGlite project), never twice at the same time. */
const backendNeutral = ['client/package.int.test.ts'];
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on this 2-core machine. Most files
    // wait on a database, a server or ffmpeg, so two at a time finish the suite sooner (941 → 705 s
    // with TEST_DATABASE_URL on 2026-12-02).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...integration, '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/src/**/*.test.tsx', 'web/src/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'pglite',
          include: integration,
          exclude: [...postgresOnly, '**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { TEST_BACKEND: 'pglite' },
        },
      },
      ...(postgres
        ? [
            {
              test: {
                name: 'postgres',
                include: integration,
                exclude: [...backendNeutral, '**/node_modules/**'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
                env: { TEST_BACKEND: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
