// Test helper: an S3-compatible server on 127.0.0.1 (the npm package s3rver) with one bucket,
// in a child process on a free port, its objects in a temporary folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Config } from '../config.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3rver-process.mjs');

export interface TestS3 {
  endpoint: string;
  /** S3 settings for S3Storage or a process's environment (see env()). */
  config: S3Config;
  /** STORAGE=s3 and the S3_* variables for a Dayreel process. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startS3rver(bucket = 'dayreel-test'): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-s3rver-'));
  // DES (s3rver's continuation tokens) lives in OpenSSL 3's legacy provider.
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, directory, bucket], { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${out}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const config: S3Config = { bucket, endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
  return {
    endpoint,
    config,
    env: () => ({
      STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: config.region,
      S3_ACCESS_KEY_ID: config.accessKeyId!,
      S3_SECRET_ACCESS_KEY: config.secretAccessKey!,
      S3_FORCE_PATH_STYLE: 'true',
    }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
