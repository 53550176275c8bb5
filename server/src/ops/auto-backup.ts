// Automatic daily backups: every hour, if the newest backup in BACKUP_DIR is a day old (or there
// is none), take one into dayreel-<UTC stamp> and delete all but the newest BACKUP_KEEP. A backup
// is written under a `.partial` name and renamed when complete, so only whole ones are kept.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { BackupSummary } from './backup.js';

const DAY_MS = 24 * 3600_000;
const CHECK_MS = 3600_000;
const NAME = /^dayreel-(\d{8}T\d{6}Z)$/;

/** dayreel-20261130T235900Z for a date (sorts by time). */
export function backupName(at: Date): string {
  return `dayreel-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

function timeOf(name: string): number {
  const stamp = NAME.exec(name)?.[1];
  if (!stamp) return NaN;
  return Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
}

/** Pure: is a backup due, and which old ones go once it is taken (names sorted oldest first). */
export function planBackups(existing: string[], now: Date, keep: number): { due: boolean; remove: (after: string) => string[] } {
  const complete = existing.filter((n) => NAME.test(n)).sort();
  const newest = complete.at(-1);
  const due = !newest || now.getTime() - timeOf(newest) >= DAY_MS - 60_000;
  return { due, remove: (after) => [...complete, after].sort().slice(0, Math.max(0, complete.length + 1 - keep)) };
}

export interface AutoBackupOptions {
  dir: string;
  keep: number;
  backup(dir: string): Promise<BackupSummary>;
  log(msg: string, level?: 'info' | 'error'): void;
}

export class AutoBackup {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly opts: AutoBackupOptions) {}

  start(firstCheckMs = 60_000): void {
    const loop = (ms: number) => {
      this.timer = setTimeout(() => {
        void this.runIfDue().finally(() => loop(CHECK_MS));
      }, ms);
      this.timer.unref();
    };
    loop(firstCheckMs);
  }

  /** Takes a backup when one is due; the result (or the failure) goes to the log. */
  runIfDue(now = new Date()): Promise<void> {
    this.running ??= this.check(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(now: Date): Promise<void> {
    const { dir, keep, log } = this.opts;
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    const entries = await fsp.readdir(dir);
    // Left by a process stopped mid-backup.
    for (const e of entries.filter((n) => NAME.test(n.replace(/\.partial$/, '')) && n.endsWith('.partial'))) {
      await fsp.rm(path.join(dir, e), { recursive: true, force: true });
    }
    const plan = planBackups(entries, now, keep);
    if (!plan.due) return;
    const name = backupName(now);
    const partial = path.join(dir, `${name}.partial`);
    try {
      const summary = await this.opts.backup(partial);
      await fsp.rename(partial, path.join(dir, name));
      const removed = plan.remove(name);
      for (const old of removed) await fsp.rm(path.join(dir, old), { recursive: true, force: true });
      log(
        `automatic backup written: ${path.join(dir, name)} (${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.linked} hard-linked, ${summary.ms} ms)` +
          (removed.length ? `; removed ${removed.join(', ')}` : ''),
      );
    } catch (err) {
      fs.rmSync(partial, { recursive: true, force: true });
      log(`automatic backup failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  }

  /** Stops the schedule; a backup under way gets 2 s (shutdown must finish within 10 s), then is left. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await Promise.race([this.running, new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}
