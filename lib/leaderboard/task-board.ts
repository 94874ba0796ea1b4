import 'server-only';
/**
 * A task's boards read from the database. Each team's best submission comes from one
 * DISTINCT ON query over the (task_id, team_id, public_score) index, so a read touches
 * only that task's scored rows and never recomputes anything from files. Private
 * columns are selected only on the private board, and that board is refused before
 * the reveal: no private score can reach a participant by accident.
 */
import { and, asc, count, desc, eq, inArray, isNull, lte, max, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions, teams } from '@/db/schema';
import { PodiumError } from '@/lib/errors';
import { metricsByName } from '@/lib/scoring/metrics';
import { privateBoardRefused, VersionedCache } from './board-cache';
import { getBoardVersion } from './board-version';
import { privateBoard, publicBoard } from './boards';
import { boardVisibility, type BoardChallenge, type BoardKind } from './visibility';

export interface BoardTask {
  id: string;
  slug: string;
  metric: string;
}

export interface BoardRow {
  rank: number;
  teamId: string;
  team: string;
  baseline: boolean;
  score: number;
  metrics: Record<string, number>;
  submissions: number;
  lastSubmissionAt: Date | null;
  /** The submission the row shows; its time breaks ties (earliest first). */
  submissionId: string;
  submittedAt: Date;
  /** Private board only: whether the team's own selection counted, or its best public submission. */
  selection?: 'selected' | 'best_public';
}

export interface TaskBoard {
  task: string;
  board: BoardKind;
  metric: string;
  higherIsBetter: boolean;
  /** Set when participants see the public board as it stood at the freeze. */
  frozenAt: Date | null;
  rows: BoardRow[];
}

export type TaskBoardChallenge = BoardChallenge & { id: string; finalSelections: number };

export function higherIsBetterFor(metric: string): boolean {
  const info = metricsByName[metric];
  if (!info) throw new PodiumError('bad_task:unknown_metric', `Unknown metric "${metric}".`);
  return info.higherIsBetter;
}

const activeTeam = and(eq(teams.id, submissions.teamId), isNull(teams.disqualifiedAt));

function scoredOn(taskId: string, late: boolean, cutoff: Date | null): SQL {
  return and(
    eq(submissions.taskId, taskId),
    eq(submissions.status, 'scored'),
    eq(submissions.late, late),
    cutoff ? lte(submissions.createdAt, cutoff) : undefined,
  )!;
}

/** Best public submission per team: DISTINCT ON team, best score first, earliest on a tie. */
function bestPublicPerTeam(db: DbOrTx, taskId: string, late: boolean, cutoff: Date | null, higherIsBetter: boolean) {
  return db
    .selectDistinctOn([submissions.teamId], {
      id: submissions.id,
      teamId: submissions.teamId,
      team: teams.name,
      baseline: teams.isBaseline,
      publicScore: submissions.publicScore,
      publicMetrics: submissions.publicMetrics,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(teams, activeTeam)
    .where(and(scoredOn(taskId, late, cutoff), sql`${submissions.publicScore} is not null`))
    .orderBy(submissions.teamId, higherIsBetter ? desc(submissions.publicScore) : asc(submissions.publicScore), asc(submissions.createdAt));
}

/** Submissions per team (failed files never count) and the time of the last one. */
async function activity(db: DbOrTx, taskId: string, late: boolean, cutoff: Date | null) {
  const rows = await db
    .select({ teamId: submissions.teamId, n: count(), last: max(submissions.createdAt) })
    .from(submissions)
    .where(
      and(
        eq(submissions.taskId, taskId),
        ne(submissions.status, 'failed'),
        eq(submissions.late, late),
        cutoff ? lte(submissions.createdAt, cutoff) : undefined,
      ),
    )
    .groupBy(submissions.teamId);
  return new Map(rows.map((r) => [r.teamId, { n: Number(r.n), last: r.last ? new Date(r.last) : null }]));
}

/**
 * One task board as the viewer may see it. `organizer` sees everything live; anyone
 * else gets the frozen public board during a freeze and is refused the private board
 * before the reveal (403 `forbidden:private_leaderboard`). The late board holds
 * submissions sent after the end, ranked by public score; it never feeds the final board.
 */
export async function getTaskBoard({
  db,
  challenge,
  task,
  board,
  organizer,
  now = new Date(),
}: {
  db: DbOrTx;
  challenge: TaskBoardChallenge;
  task: BoardTask;
  board: BoardKind;
  organizer: boolean;
  now?: Date;
}): Promise<TaskBoard> {
  const higherIsBetter = higherIsBetterFor(task.metric);
  const seen = boardVisibility({ challenge, organizer, now });
  const base = { task: task.slug, board, metric: task.metric, higherIsBetter };
  if (board === 'private') {
    if (!seen.privateVisible) throw privateBoardRefused();
    return { ...base, frozenAt: null, rows: await privateRows(db, task.id, challenge, higherIsBetter) };
  }
  const late = board === 'late';
  const cutoff = late ? null : seen.publicCutoff;
  const [best, counts] = await Promise.all([bestPublicPerTeam(db, task.id, late, cutoff, higherIsBetter), activity(db, task.id, late, cutoff)]);
  const ranked = publicBoard({ submissions: best.map((b) => ({ ...b, late: false })), higherIsBetter });
  const rows = ranked.map(
    (r): BoardRow => ({
      rank: r.rank,
      teamId: r.teamId,
      team: r.team,
      baseline: r.baseline,
      score: r.publicScore!,
      metrics: r.publicMetrics ?? {},
      submissions: counts.get(r.teamId)?.n ?? 0,
      lastSubmissionAt: counts.get(r.teamId)?.last ?? null,
      submissionId: r.id,
      submittedAt: r.createdAt,
    }),
  );
  return { ...base, frozenAt: cutoff, rows };
}

async function privateRows(db: DbOrTx, taskId: string, challenge: TaskBoardChallenge, higherIsBetter: boolean) {
  const maxSelections = challenge.finalSelections;
  // Candidates: every selected on-time submission, plus each team's best public one (its fallback).
  const best = bestPublicPerTeam(db, taskId, false, null, higherIsBetter).as('best');
  const candidates = await db
    .select({
      id: submissions.id,
      teamId: submissions.teamId,
      team: teams.name,
      baseline: teams.isBaseline,
      publicScore: submissions.publicScore,
      privateScore: submissions.privateScore,
      privateMetrics: submissions.privateMetrics,
      selected: submissions.selected,
      late: submissions.late,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(teams, activeTeam)
    .where(and(scoredOn(taskId, false, null), or(eq(submissions.selected, true), inArray(submissions.id, db.select({ id: best.id }).from(best)))));
  const counts = await activity(db, taskId, false, null);
  const ranked = privateBoard({ submissions: candidates, maxSelections, higherIsBetter });
  return ranked.map(
    (r): BoardRow => ({
      rank: r.rank,
      teamId: r.teamId,
      team: r.team,
      baseline: r.baseline,
      score: r.privateScore!,
      metrics: r.privateMetrics ?? {},
      submissions: counts.get(r.teamId)?.n ?? 0,
      lastSubmissionAt: counts.get(r.teamId)?.last ?? null,
      submissionId: r.id,
      submittedAt: r.createdAt,
      selection: r.selection,
    }),
  );
}

/**
 * getTaskBoard through the process-wide cache (for the API and pages under load), keyed by the
 * challenge's board version (board-version.ts): a board is computed once per change, and a change
 * committed by any process is seen at the next read. The visibility check runs on every call, before
 * the cache: a cached private board is only ever handed to a viewer who may see it.
 */
export async function readTaskBoard(args: Parameters<typeof getTaskBoard>[0] & { version?: number }): Promise<TaskBoard> {
  const now = args.now ?? new Date();
  const seen = boardVisibility({ challenge: args.challenge, organizer: args.organizer, now });
  if (args.board === 'private' && !seen.privateVisible) throw privateBoardRefused();
  const version = args.version ?? (await getBoardVersion({ db: args.db, challengeId: args.challenge.id }));
  const cutoff = args.board === 'public' ? seen.publicCutoff : null;
  // Organizers and participants get the same rows for the same cutoff; the key holds what differs.
  const key = `${args.task.id}|${args.board}|${cutoff?.getTime() ?? ''}|${args.challenge.finalSelections}|${args.task.metric}`;
  return versionedBoards.get(key, version, async () => {
    const fresh = await getTaskBoard({ ...args, now });
    // An unchanged board stays the same object (a change elsewhere in the challenge bumps the version too),
    // so what is kept beside it (statistics, the rendered table, the charts) is computed once per change.
    const print = JSON.stringify(fresh);
    const last = unchanged.get(key);
    if (last && last.print === print) return last.board;
    if (unchanged.size > 1000) unchanged.clear();
    unchanged.set(key, { print, board: fresh });
    return fresh;
  });
}

const g = globalThis as unknown as { __podiumUnchangedBoards?: Map<string, { print: string; board: TaskBoard }>; __podiumVersionedBoards?: VersionedCache<TaskBoard> };
const unchanged = (g.__podiumUnchangedBoards ??= new Map());
const versionedBoards = (g.__podiumVersionedBoards ??= new VersionedCache<TaskBoard>());
