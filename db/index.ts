import 'server-only';
import { config, isBuildPhase } from '@/lib/config';
import { logger } from '@/lib/log';
import { openDb, type Db, type OpenDb } from './client';

// `next dev` loads this module once per route bundle and on every reload: one client per process.
const g = globalThis as unknown as { __podiumDb?: Promise<OpenDb> };

export function openAppDb(): Promise<OpenDb> {
  const cfg = config();
  if (isBuildPhase(cfg)) throw new Error('podium: the database must not be opened during `next build` (a page was prerendered that reads it).');
  g.__podiumDb ??= openDb(cfg.DATABASE_URL ? { url: cfg.DATABASE_URL } : { dataDir: cfg.dataDir }, {
    waitSeconds: cfg.DATABASE_WAIT_SECONDS,
    onWait: ({ target, reason, retryInSeconds }) => logger('db').warn({ reason }, `waiting for ${target}; retrying in ${retryInSeconds} s`),
  }).catch((e) => {
    g.__podiumDb = undefined;
    throw e;
  });
  return g.__podiumDb;
}

export async function getDb(): Promise<Db> {
  return (await openAppDb()).db;
}

export type { Db, DbOrTx, Tx } from './client';
export * as schema from './schema';
