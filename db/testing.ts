/**
 * The databases integration tests run on: PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set. Each call makes a fresh database; `close` drops it.
 */
import crypto from 'node:crypto';
import { config } from '@/lib/config';
import { openDb, type OpenDb } from './client';

export type TestDb = OpenDb & { name: string };
export type TestDbFactory = { name: 'pglite' | 'postgres'; open: () => Promise<TestDb> };

export function testDatabases(): TestDbFactory[] {
  const list: TestDbFactory[] = [
    { name: 'pglite', open: async () => ({ ...(await openDb('memory')), name: 'pglite' }) },
  ];
  const url = config().TEST_DATABASE_URL;
  if (url) list.push({ name: 'postgres', open: () => openPostgresTestDb(url) });
  return list;
}

export async function openPostgresTestDb(serverUrl: string): Promise<TestDb> {
  const { url, drop } = await createPostgresDatabase(serverUrl);
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

/** A database URL for a child process (worker tests): a fresh PostgreSQL database, dropped by `drop`. */
export async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: postgres } = await import('postgres');
  const dbName = `podium_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
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
