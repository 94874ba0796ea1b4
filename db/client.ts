/**
 * Opens the database: PGlite in DATA_DIR when DATABASE_URL is unset (embedded),
 * PostgreSQL otherwise. Both run the same drizzle schema and migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireDataDirLock } from './lock';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type OpenDb = { db: Db; kind: 'pglite' | 'postgres'; close: () => Promise<void> };

export const migrationsFolder = path.resolve(process.cwd(), 'db/migrations');

/** `dataDir` opens PGlite there; `'memory'` opens an in-memory PGlite (tests); `url` opens PostgreSQL. */
export async function openDb(
  target: { url: string; max?: number } | { dataDir: string; lock?: boolean } | 'memory',
  opts: {
    migrate?: boolean;
    /** PostgreSQL only: keep retrying an unreachable server this long (with backoff) before failing. */
    waitSeconds?: number;
    /** Told about each failed attempt, to say what the process waits for. */
    onWait?: (info: { target: string; reason: string; retryInSeconds: number }) => void;
  } = {},
): Promise<OpenDb> {
  const migrate = opts.migrate ?? true;
  if (target !== 'memory' && 'url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    await waitForPostgres(target.url, opts.waitSeconds ?? 0, opts.onWait);
    const client = postgres(target.url, { max: target.max ?? 10, onnotice: () => {} });
    const db = drizzle(client, { schema }) as unknown as Db;
    if (migrate) {
      try {
        await migratePostgres(target.url, db);
      } catch (e) {
        await client.end({ timeout: 1 });
        throw e;
      }
    }
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  let client: InstanceType<typeof PGlite>;
  if (target === 'memory') {
    client = await PGlite.create();
  } else {
    const dir = path.join(target.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    if (target.lock !== false) release = acquireDataDirLock(target.dataDir);
    try {
      client = await PGlite.create(dir);
    } catch (e) {
      release();
      throw embeddedOpenError(dir, e, freeBytesAt(dir));
    }
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  if (migrate) {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(db as never, { migrationsFolder });
  }
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** Below this much free space, a failed open of the embedded database is blamed on the disk. */
export const LOW_DISK_BYTES = 64 * 1024 * 1024;

/** Free bytes for an unprivileged process on the disk holding `dir`, or undefined when unknown. */
export function freeBytesAt(dir: string): number | undefined {
  try {
    const s = fs.statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/**
 * Why the embedded database in `dir` could not be opened, in words an operator can act on:
 * PGlite itself often says only `Aborted(). Build with -sASSERTIONS`, as it does when the
 * disk is full. The free space on DATA_DIR's disk decides which cause is named.
 */
export function embeddedOpenError(dir: string, cause: unknown, freeBytes: number | undefined): Error {
  const said = cause instanceof Error ? cause.message : String(cause);
  const head = `podium could not open its embedded database in ${dir} (PGlite said: ${said.split('\n')[0]}).`;
  let hint: string;
  if (freeBytes !== undefined && freeBytes < LOW_DISK_BYTES) {
    const mb = (freeBytes / 1024 / 1024).toFixed(1);
    hint = `The disk holding DATA_DIR has only ${mb} MB free: it is most likely full. Free space on it and start podium again; the data is kept.`;
  } else {
    const free = freeBytes === undefined ? '' : ` (DATA_DIR's disk has ${(freeBytes / 1024 / 1024 / 1024).toFixed(1)} GB free)`;
    hint = `Its files may be damaged or from another PGlite version${free}. Keep a copy of DATA_DIR before changing anything in it.`;
  }
  return new Error(`${head} ${hint}`, { cause });
}

/** Rows of a raw `db.execute` result: postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Any number of processes may start together: the one holding this advisory lock migrates, the others wait. */
export const MIGRATION_LOCK_KEY = 0x706f6469756d; // "podium"

/**
 * Runs `fn` while holding PostgreSQL's session-level advisory lock `key` on a connection of its own:
 * processes started together run it one after another.
 */
export async function withAdvisoryLock<T>(url: string, fn: () => Promise<T>, key = MIGRATION_LOCK_KEY): Promise<T> {
  const { default: postgres } = await import('postgres');
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${key})`;
    return await fn();
  } finally {
    await lock.end({ timeout: 5 }); // ending the session releases the lock
  }
}

async function migratePostgres(url: string, db: Db): Promise<void> {
  const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
  await withAdvisoryLock(url, () => run(db as never, { migrationsFolder }));
}

/** Where a database URL points, without its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** Retries `select 1` with exponential backoff (0.5 s doubling to 10 s) until it answers or `waitSeconds` pass. */
export async function waitForPostgres(
  url: string,
  waitSeconds: number,
  onWait?: (info: { target: string; reason: string; retryInSeconds: number }) => void,
): Promise<void> {
  const { default: postgres } = await import('postgres');
  const deadline = Date.now() + waitSeconds * 1000;
  let delay = 500;
  for (;;) {
    const probe = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      await probe`select 1`;
      return;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const target = describeDatabaseUrl(url);
      if (Date.now() + delay > deadline) {
        throw new Error(
          `podium: cannot reach ${target} (${reason})${waitSeconds ? ` after waiting ${waitSeconds} s (DATABASE_WAIT_SECONDS)` : ''}. Check DATABASE_URL and that the server is running.`,
          { cause: e },
        );
      }
      onWait?.({ target, reason, retryInSeconds: delay / 1000 });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    } finally {
      await probe.end({ timeout: 1 }).catch(() => {});
    }
  }
}
