// Password hashes with scrypt (built into Node): scrypt$N$r$p$salt$hash, all parameters stored
// so they can be raised later without invalidating old hashes (needsRehash tells the login to
// re-hash at the current cost once it has the plain password).
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
/** OWASP's scrypt guidance: N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash). */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 32;
/** Stored parameters above these are refused: a forged hash must not buy a huge allocation. */
const MAX_N = 2 ** 20;
const MAX_RP = 16;
/** Hashes at once in this process: each holds 128·N·r bytes (128 MiB at the current cost). */
const MAX_PARALLEL_HASHES = 2;

/** Node refuses scrypt above 32 MiB unless told; this is the memory one hash needs, plus slack. */
function maxmem(N: number, r: number, p: number): number {
  return 128 * N * r * (p + 1) + 1024 * 1024;
}

let running = 0;
const waiting: (() => void)[] = [];

/** scrypt under a small per-process limit, so a burst of logins cannot take gigabytes. */
async function limitedScrypt(password: string, salt: Buffer, len: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  if (running >= MAX_PARALLEL_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await scrypt(password, salt, len, { ...cost, maxmem: maxmem(cost.N, cost.r, cost.p) });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = SCRYPT_COST): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await limitedScrypt(password, salt, KEYLEN, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash) return null;
  if (!Number.isInteger(cost.N) || cost.N < 2 || cost.N > MAX_N || (cost.N & (cost.N - 1)) !== 0) return null;
  if (!Number.isInteger(cost.r) || !Number.isInteger(cost.p) || cost.r < 1 || cost.p < 1 || cost.r > MAX_RP || cost.p > MAX_RP) return null;
  return { ...cost, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const actual = await limitedScrypt(password, parsed.salt, parsed.hash.length, parsed);
  return crypto.timingSafeEqual(actual, parsed.hash);
}

/** True when a hash was made below the current cost (upgrade it at the next successful login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.N < SCRYPT_COST.N || parsed.r < SCRYPT_COST.r || parsed.p < SCRYPT_COST.p;
}

let dummy: Promise<string> | undefined;
/**
 * A hash at the current cost of a password nobody knows: an unknown username is checked against
 * it, so it takes as long as a known one and usernames cannot be told apart by timing.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('base64url'));
  return dummy;
}
