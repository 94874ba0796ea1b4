/**
 * The databases integration tests run on: PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set. Each call makes a fresh database; `close` drops it.
 *
 * Both start from the migrated schema without running the migrations again: PGlite
 * loads a dump of a migrated in-memory database (made once per migration set and
 * kept in the temp folder), PostgreSQL copies a migrated template database (made once
 * per migration set on that server). The migrator still runs on each fresh database,
 * a no-op when the copy is current. Opening one was ~2.5 CPU-s of PGlite migrations
 * and ~2 s of PostgreSQL migrations per test file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config } from '@/lib/config';
import { migrationsFolder, openDb, type Db, type OpenDb } from './client';
import * as schema from './schema';

export type TestDb = OpenDb & { name: string };
export type TestDbFactory = { name: 'pglite' | 'postgres'; open: () => Promise<TestDb> };

export function testDatabases(): TestDbFactory[] {
  const list: TestDbFactory[] = [{ name: 'pglite', open: openPgliteTestDb }];
  const url = config().TEST_DATABASE_URL;
  if (url) list.push({ name: 'postgres', open: () => openPostgresTestDb(url) });
  return list;
}

/** A hash of the migration files (names and contents) and the PGlite version: a copy made from other migrations is never used. */
function migrationSet(): string {
  const h = crypto.createHash('sha256');
  for (const name of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const p = path.join(migrationsFolder, name);
    if (fs.statSync(p).isFile()) h.update(`${name}\0`).update(fs.readFileSync(p));
  }
  const pglite = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
  h.update(pglite.version);
  return h.digest('hex').slice(0, 16);
}

let dumpMemo: Promise<Blob> | undefined;

/** The migrated in-memory database's data folder as a tarball: read from the temp folder, or made there once (atomically). */
function migratedDump(): Promise<Blob> {
  dumpMemo ??= (async () => {
    const file = path.join(os.tmpdir(), `podium-test-pglite-${migrationSet()}.tar`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const fresh = await openDb('memory');
    try {
      const client = (fresh.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
      const dump = await client.dumpDataDir('none');
      const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(temp, new Uint8Array(await dump.arrayBuffer()));
      fs.renameSync(temp, file); // another process making it at the same time writes the same bytes
      return dump;
    } finally {
      await fresh.close();
    }
  })();
  return dumpMemo;
}

async function openPgliteTestDb(): Promise<TestDb> {
  const [{ PGlite }, { drizzle }, { migrate }, dump] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
    migratedDump(),
  ]);
  const client = await PGlite.create({ loadDataDir: dump });
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder });
  return { db, kind: 'pglite', name: 'pglite', close: () => client.close() };
}

export async function openPostgresTestDb(serverUrl: string): Promise<TestDb> {
  let made: Awaited<ReturnType<typeof createPostgresDatabase>>;
  try {
    made = await createPostgresDatabase(serverUrl, { template: await migratedTemplate(serverUrl) });
  } catch (e) {
    // Another run's teardown dropped the template after this process had seen it: make it again, once.
    if ((e as { code?: string }).code !== '3D000') throw e;
    templates.delete(serverUrl);
    made = await createPostgresDatabase(serverUrl, { template: await migratedTemplate(serverUrl) });
  }
  const { url, drop } = made;
  const opened = await openDb({ url, max: 20 });
  return {
    ...opened,
    name: 'postgres',
    close: async () => {
      await opened.close();
      await drop();
    },
  };
}

const templates = new Map<string, Promise<string>>();

/**
 * A migrated database on the server to copy fresh test databases from (`CREATE DATABASE … TEMPLATE`), made once per
 * migration set under an advisory lock (test files in parallel processes wait for the first). Templates of other
 * migration sets are left alone: other checkouts may share the server.
 */
function migratedTemplate(serverUrl: string): Promise<string> {
  let made = templates.get(serverUrl);
  if (!made) {
    made = (async () => {
      const { default: postgres } = await import('postgres');
      const name = `podium_test_template_${migrationSet()}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await admin`select pg_advisory_lock(${0x706f6474})`; // "podt"
        const [found] = await admin`select 1 from pg_database where datname = ${name}`;
        if (!found) {
          const building = `${name}_building`;
          await admin.unsafe(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
          await admin.unsafe(`CREATE DATABASE ${building}`);
          const url = new URL(serverUrl);
          url.pathname = `/${building}`;
          await (await openDb({ url: url.toString(), max: 1 })).close(); // migrates it
          // Renamed only once complete: a template that exists is a migrated one.
          await admin.unsafe(`ALTER DATABASE ${building} RENAME TO ${name}`);
        }
        return name;
      } finally {
        await admin`select pg_advisory_unlock(${0x706f6474})`.catch(() => {});
        await admin.end({ timeout: 5 });
      }
    })();
    made.catch(() => templates.delete(serverUrl));
    templates.set(serverUrl, made);
  }
  return made;
}

/**
 * Drops the migrated template (vitest's global teardown), so a run leaves no database behind on the server. A run
 * of another checkout still copying from it keeps it (the drop is refused while connected) or makes it again.
 */
export async function dropMigratedTemplate(serverUrl: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(${0x706f6474})`;
    await admin.unsafe(`DROP DATABASE IF EXISTS podium_test_template_${migrationSet()}`).catch(() => {});
  } finally {
    await admin`select pg_advisory_unlock(${0x706f6474})`.catch(() => {});
    await admin.end({ timeout: 5 });
  }
}

/** A database URL for a child process (worker tests): a fresh PostgreSQL database, dropped by `drop`; empty unless `template` names one to copy. */
export async function createPostgresDatabase(serverUrl: string, opts: { template?: string } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: postgres } = await import('postgres');
  const dbName = `podium_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${dbName}${opts.template ? ` TEMPLATE ${opts.template}` : ''}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}
