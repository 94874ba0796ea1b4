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
  opts: { migrate?: boolean } = {},
): Promise<OpenDb> {
  const migrate = opts.migrate ?? true;
  if (target !== 'memory' && 'url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(target.url, { max: target.max ?? 10, onnotice: () => {} });
    const db = drizzle(client, { schema }) as unknown as Db;
    if (migrate) {
      const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
      await run(db as never, { migrationsFolder });
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
