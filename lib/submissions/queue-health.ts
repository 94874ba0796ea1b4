import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';

/** What an operator watches on the scoring queue (GET /api/health). Fields may be added; none change meaning. */
export type QueueHealth = { queued: number; scoring: number; oldestQueuedSeconds: number | null };

export async function getQueueHealth({ db }: { db: Db }): Promise<QueueHealth> {
  const [row] = rowsOf<{ queued: number | string; scoring: number | string; oldest: number | string | null }>(
    await db.execute(sql`
      select count(*) filter (where status = 'queued') as queued,
             count(*) filter (where status = 'scoring') as scoring,
             extract(epoch from now() - min(created_at) filter (where status = 'queued')) as oldest
      from submissions where status in ('queued', 'scoring')`),
  );
  return {
    queued: Number(row?.queued ?? 0),
    scoring: Number(row?.scoring ?? 0),
    oldestQueuedSeconds: row?.oldest == null ? null : Math.round(Number(row.oldest)),
  };
}
