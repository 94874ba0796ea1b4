import { openDb, type OpenDb } from '@/db/client';
import { config } from '@/lib/config';

/**
 * The database the site uses. With the embedded database this takes its lock:
 * while the site runs, the command stops with a message saying the site holds it.
 */
export async function withLocalDb<T>(fn: (opened: OpenDb) => Promise<T>): Promise<T> {
  const cfg = config();
  const opened = await openDb(cfg.DATABASE_URL ? { url: cfg.DATABASE_URL, max: 2 } : { dataDir: cfg.dataDir });
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}
