// The whole tree typechecks (server, web, client, scripts, tests, benchmarks): `npm test` fails
// on a type error even where no test executes that code path.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('tsc finds no type errors', async () => {
  const result = await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { maxBuffer: 8 << 20 }).then(
    () => '',
    (err: { stdout?: string }) => err.stdout ?? String(err),
  );
  expect(result).toBe('');
}, 120_000);
