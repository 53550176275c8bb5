// How a process names itself in shared rows (job leases, automatic-vlog claims): host, pid and a
// few random bytes, so a restarted process with a reused pid is still told apart.
import crypto from 'node:crypto';
import os from 'node:os';

export function newProcessId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}
