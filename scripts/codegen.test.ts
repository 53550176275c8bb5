// Generated code is never edited by hand and never stale: codegen's check mode fails when
// schema.graphql or a document changed without `npm run codegen`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('committed GraphQL codegen output matches schema.graphql and the documents', async () => {
  const run = promisify(execFile);
  const result = await run(process.execPath, ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'codegen.ts', '--check'], { env: { ...process.env, NO_COLOR: '1' } }).then(
    () => 'up to date',
    (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
  );
  expect(result).toBe('up to date');
}, 60_000);
