/**
 * The board version is bumped at commit (migration 0008_board_version_at_commit), so no transaction holds the
 * version row while it waits for another lock. Two connections on a real PostgreSQL server: a writer that
 * touches two submissions in one transaction, and the worker writing a score for the second one in between.
 * With the bump inside each statement (0007), the worker held the second submission and waited for the
 * version row, the writer held the version row and waited for the second submission: a deadlock (40P01).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDb } from '@/db/client';
import { createPostgresDatabase } from '@/db/testing';
import { config } from '@/lib/config';
import { getBoardVersion } from './board-version';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

const url = config().TEST_DATABASE_URL;

describe.runIf(Boolean(url))('board version bumps on PostgreSQL, two connections', () => {
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let opened: Awaited<ReturnType<typeof openDb>>;
  let ids: { challenge: string; a: string; b: string };
  beforeAll(async () => {
    pg = await createPostgresDatabase(url!);
    opened = await openDb({ url: pg.url });
    const { db } = opened;
    const c = await seedChallenge(db, { endAt: new Date('2099-01-01T00:00:00Z') });
    const task = await seedTask(db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' });
    const user = await seedUser(db, 'w@x.org');
    const team = await seedTeam(db, { challengeId: c.id, name: 'w', members: [user.id] });
    const at = new Date('2026-01-02T00:00:00Z');
    ids = {
      challenge: c.id,
      a: await seedSubmission(db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.5, privateScore: 0.5, createdAt: at }),
      b: await seedSubmission(db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.6, privateScore: 0.6, createdAt: at }),
    };
  });
  afterAll(async () => {
    await opened?.close();
    await pg?.drop();
  });

  it('lets a transaction that writes two submissions and the worker scoring one of them both commit (no deadlock), and bumps the version for each', async () => {
    const writer = postgres(pg.url, { max: 1, onnotice: () => {} });
    const worker = postgres(pg.url, { max: 1, onnotice: () => {} });
    const watch = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      const before = await getBoardVersion({ db: opened.db, challengeId: ids.challenge });
      const [{ pid: workerPid }] = await worker`select pg_backend_pid() as pid`;
      let firstDone!: () => void;
      const first = new Promise<void>((r) => (firstDone = r));
      let goOn!: () => void;
      const second = new Promise<void>((r) => (goOn = r));
      const writing = writer.begin(async (tx) => {
        await tx`update submissions set selected = true where id = ${ids.a}`;
        firstDone();
        await second;
        await tx`update submissions set selected = true where id = ${ids.b}`;
      });
      await first;
      const scoring = worker.begin(async (tx) => {
        await tx`update submissions set public_score = 0.8, public_metrics = '{"accuracy":0.8}' where id = ${ids.b}`;
      });
      // Until the worker has finished its statement, or is waiting for a lock (the old triggers: the version row).
      const settled = scoring.then(
        () => 'done',
        () => 'done',
      );
      for (let i = 0; i < 100; i++) {
        const [row] = await watch`select wait_event_type from pg_stat_activity where pid = ${workerPid}`;
        if (row?.wait_event_type === 'Lock' || (await Promise.race([settled, new Promise((r) => setTimeout(() => r('no'), 20))])) === 'done') break;
      }
      goOn();
      const results = await Promise.allSettled([writing, scoring]);
      expect(results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'ok'))).toEqual(['ok', 'ok']);
      expect(await getBoardVersion({ db: opened.db, challengeId: ids.challenge })).toBe(before + 2);
      const [row] = await watch`select public_score, selected from submissions where id = ${ids.b}`;
      expect(row).toMatchObject({ public_score: 0.8, selected: true });
    } finally {
      await Promise.all([writer.end(), worker.end(), watch.end()]);
    }
  });
});
