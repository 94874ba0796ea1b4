import 'server-only';
/**
 * The board version of a challenge: a counter that triggers in PostgreSQL bump in the same transaction as
 * every change that can alter one of its boards (submissions, teams, tasks, tracks, the challenge row), once per
 * transaction and at its commit (deferred constraint triggers, migration 0008_board_version_at_commit: the
 * version row is locked last and only for the commit, so writers and the worker cannot deadlock on it). Caches of boards and of whole board pages key on it, so a change made by any
 * process (a separate worker writing a score, another web process, a command-line import) is seen by every
 * web process at its next request, at the cost of one primary-key read, and nothing is ever served stale.
 *
 * Read the version before the data it guards: a reader that sees version v then reads rows committed at
 * least up to v, so keying what it computes on v can only ever be conservative.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rowsOf } from '@/db/client';
import { boardVersions } from '@/db/schema';
import { boardVisibility } from './visibility';

export async function getBoardVersion({ db, challengeId }: { db: DbOrTx; challengeId: string }): Promise<number> {
  const [row] = await db.select({ version: boardVersions.version }).from(boardVersions).where(eq(boardVersions.challengeId, challengeId));
  return Number(row?.version ?? 0);
}

/**
 * What an anonymous visitor's board page depends on, in one query by the challenge's slug: the board
 * version, and what the visitor may see right now (freeze and reveal are also a matter of time, not only of
 * writes). Null for an unknown challenge. Used as the key of the whole-page cache (page-cache.ts).
 */
export async function getAnonymousBoardStamp({ db, slug, now = new Date() }: { db: DbOrTx; slug: string; now?: Date }): Promise<string | null> {
  const rows = rowsOf<{ id: string; start_at: string | Date; end_at: string | Date; public_frozen_at: string | Date | null; private_revealed_at: string | Date | null; auto_reveal: boolean; archived_at: unknown; version: string | number | null }>(
    await db.execute(sql`
      select c.id, c.start_at, c.end_at, c.public_frozen_at, c.private_revealed_at, c.auto_reveal, c.archived_at, v.version
      from challenges c left join board_versions v on v.challenge_id = c.id
      where c.slug = ${slug}`),
  );
  const c = rows[0];
  if (!c) return null;
  const date = (d: string | Date | null) => (d === null ? null : new Date(d));
  const seen = boardVisibility({
    challenge: { endAt: date(c.end_at)!, publicFrozenAt: date(c.public_frozen_at), privateRevealedAt: date(c.private_revealed_at), autoReveal: c.auto_reveal },
    organizer: false,
    now,
  });
  return `${c.id}:${Number(c.version ?? 0)}:${seen.privateVisible ? 'revealed' : 'hidden'}:${seen.publicCutoff?.getTime() ?? 'live'}:${c.archived_at ? 'archived' : ''}:${now >= date(c.start_at)! ? 'started' : 'soon'}`;
}
