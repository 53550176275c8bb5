import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { acquireLock, DataDirLockedError } from './lock.js';

const lockFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-lock-')), 'pglite.lock');

it('refuses a lock held by a live process and releases it', () => {
  const file = lockFile();
  const release = acquireLock(file);
  expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
  // Another live process (our parent) holding it: refused with a message naming the pid.
  fs.writeFileSync(path.join(path.dirname(file), 'other.lock'), String(process.ppid));
  expect(() => acquireLock(path.join(path.dirname(file), 'other.lock'))).toThrow(DataDirLockedError);
  expect(() => acquireLock(path.join(path.dirname(file), 'other.lock'))).toThrow(new RegExp(`process ${process.ppid}`));
  release();
  expect(fs.existsSync(file)).toBe(false);
});

it('takes over a lock whose owner died', () => {
  const file = lockFile();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  fs.writeFileSync(file, dead);
  const release = acquireLock(file);
  expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid));
  release();
});
