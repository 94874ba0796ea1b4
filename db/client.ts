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
      throw e;
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
