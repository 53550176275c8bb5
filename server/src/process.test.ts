// The process runner as `npm start` and `npm run worker` use it: a setting that cannot work is
// one line on stderr and exit code 1, for both entry points.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from './testing/process.js';

const run = promisify(execFile);

async function start(entry: string, env: Record<string, string>) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', entry], { cwd: REPO, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stderr: '', stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string; stdout: string };
    return { code: e.code, stderr: e.stderr, stdout: e.stdout };
  }
}

describe('runProcess', () => {
  it('refuses an invalid setting with one line and exit code 1', async () => {
    expect(await start('server/src/main.ts', { LOG_LEVEL: 'loud' })).toMatchObject({
      code: 1,
      stderr: 'Dayreel cannot start: LOG_LEVEL must be debug or info or warn or error or silent, got "loud"\n',
    });
    expect(await start('server/src/worker.ts', { LOG_LEVEL: 'info', WORKER_HEALTH_PORT: 'x' })).toMatchObject({
      code: 1,
      stderr: 'Dayreel worker cannot start: WORKER_HEALTH_PORT must be an integer, got "x"\n',
    });
  });

  it('logs a refusal found while starting as a JSON error line, even with LOG_LEVEL=silent', async () => {
    const { code, stdout, stderr } = await start('server/src/worker.ts', { LOG_FORMAT: 'json', DATABASE_URL: '', LOG_LEVEL: 'silent' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Dayreel worker cannot start: a render worker needs DATABASE_URL[^\n]*\.\n$/);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', name: 'worker', msg: expect.stringMatching(/^Dayreel worker cannot start: a render worker needs DATABASE_URL/) }),
    ]);
  });
});
