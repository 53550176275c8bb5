// One way to run a statement inside a transaction, whoever opened it: a pg client (the job
// ledger's transactions) or a Prisma interactive transaction (the services'). Modules that own
// rows (vlogs/vlog-state.ts, jobs/jobs.ts) write through this, so each transition is one SQL
// statement usable in either.
import type pg from 'pg';
import type { Prisma as PrismaTypes } from '../generated/prisma/client.js';

export interface Sql {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/** The same statements inside a Prisma interactive transaction (or on the client itself). */
export function prismaSql(tx: Pick<PrismaTypes.TransactionClient, '$queryRawUnsafe'>): Sql {
  return { query: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<any[]>(text, ...values) }) };
}

/** A unique constraint refused the row: Prisma's P2002, a raw statement's (P2010 around 23505), or pg's 23505. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  return e?.code === 'P2002' || e?.code === '23505' || e?.meta?.driverAdapterError?.cause?.originalCode === '23505';
}

/** Runs work in a transaction on one of the pool's connections: committed when it returns, rolled back when it throws. */
export async function pgTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const out = await work(tx);
    await tx.query('COMMIT');
    return out;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    tx.release();
  }
}
