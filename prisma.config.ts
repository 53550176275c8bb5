// Prisma CLI configuration. Dayreel applies migrations itself at start-up
// (server/src/db/migrate.ts) and creates them offline (scripts/db-migration.ts),
// so the CLI is only used for `prisma generate`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
