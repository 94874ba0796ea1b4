import { sql } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { logger } from '@/lib/log';
import { appBlobStore } from '@/lib/storage/app';
import { getQueueHealth, type QueueHealth } from '@/lib/submissions/queue-health';

export const dynamic = 'force-dynamic';

const TIMEOUT_MS = 3000;

function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * GET /api/health, for load balancers and monitoring (no sign-in): 200 when the
 * database and the blob store answer, 503 naming what is down. Each check
 * gives up after 3 s, so a dead dependency cannot hang the probe.
 */
export async function GET(req: Request) {
  const [database, storage] = await Promise.all([
    within('the database', (async () => {
      const db = await getDb();
      await db.execute(sql`select 1`);
      return db;
    })()).then(
      (db) => ({ ok: true as const, db }),
      (e) => ({ ok: false as const, error: reason(e) }),
    ),
    within('the blob store', appBlobStore().head('health/probe')).then(
      () => ({ ok: true as const }),
      (e) => ({ ok: false as const, error: reason(e) }),
    ),
  ]);
  let queue: QueueHealth | { error: string } = { error: 'the database is down' };
  if (database.ok) queue = await within('the queue query', getQueueHealth({ db: database.db })).catch((e) => ({ error: reason(e) }));
  const down = [!database.ok && 'database', !storage.ok && 'storage'].filter(Boolean) as string[];
  const body = {
    status: down.length ? 'down' : 'ok',
    ...(down.length ? { down } : {}),
    database: database.ok ? 'ok' : `down: ${database.error}`,
    storage: storage.ok ? 'ok' : `down: ${storage.error}`,
    queue,
  };
  if (down.length) logger('health').warn({ requestId: req.headers.get('x-request-id') ?? undefined, down, body }, 'health check failed');
  return NextResponse.json(body, { status: down.length ? 503 : 200, headers: { 'Cache-Control': 'no-store' } });
}
