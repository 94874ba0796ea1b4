import 'server-only';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions } from '@/db/schema';
import { boardSignificance, trackRankStats, type PairedTestResult } from '@/lib/scoring/bootstrap';
import { metricBounds } from './track';
import type { BlobStore } from '@/lib/storage/types';
import { decodeResamples, type PartIntervals } from '@/lib/submissions/intervals';
import type { BoardRow, TaskBoard } from './task-board';
import { taskBoardsOf, type TrackBoard } from './track-board';

export type RowStats = {
  /** 95% bootstrap interval of the row's score, on the board's rows (public or private). */
  interval: [number, number] | null;
  /** Teams this one is statistically tied with, as ranks: "1–3". */
  band: string;
  vsAbove: { pValue: number; distinguishable: boolean } | null;
  vsLeader: { pValue: number; distinguishable: boolean } | null;
};

export const SIGNIFICANCE_METHOD =
  'Paired bootstrap: 1,000 resamples of the test rows, the same rows for every team (seeded per task); two teams are distinguishable when the sign of their difference holds in at least 97.5% of resamples (p < 0.05, two-sided).';

// Resampled values of a scored submission never change until it is re-scored (scoredAt changes).
const resampleCache = new Map<string, Float64Array | null>();

async function resamplesFor(store: BlobStore, id: string, scoredAt: Date | null, part: 'public' | 'private') {
  const key = `${id}:${scoredAt?.getTime() ?? 0}:${part}`;
  if (resampleCache.has(key)) return resampleCache.get(key)!;
  let values: Float64Array | null = null;
  try {
    const r = decodeResamples(await store.getBytes(`submissions/${id}/resamples.bin`));
    values = r[part].length ? r[part] : null;
  } catch {
    values = null; // scored before resamples were kept
  }
  if (resampleCache.size > 20_000) resampleCache.clear();
  resampleCache.set(key, values);
  return values;
}

// Boards are cached objects (board-cache.ts): their statistics are computed once per board object.
const statsByBoard = new WeakMap<TaskBoard, Promise<Map<string, RowStats>>>();

export function readBoardStats(args: { db: DbOrTx; store: BlobStore; board: TaskBoard }): Promise<Map<string, RowStats>> {
  let p = statsByBoard.get(args.board);
  if (!p) {
    p = boardStats(args);
    statsByBoard.set(args.board, p);
    p.catch(() => statsByBoard.delete(args.board));
  }
  return p;
}

const brief = (t: PairedTestResult | null) => (t ? { pValue: t.pValue, distinguishable: t.distinguishable } : null);

/**
 * Intervals, paired tests against the team above and the leader, and tied rank
 * bands for a board's rows. Uses only the part the board shows (public rows on
 * the public board), so it reveals nothing the board does not.
 */
export async function boardStats({ db, store, board }: { db: DbOrTx; store: BlobStore; board: TaskBoard }): Promise<Map<string, RowStats>> {
  const part = board.board === 'private' ? 'private' : 'public';
  const out = new Map<string, RowStats>();
  if (board.rows.length === 0) return out;
  const meta = await db
    .select({ id: submissions.id, details: submissions.details, scoredAt: submissions.scoredAt })
    .from(submissions)
    .where(inArray(submissions.id, board.rows.map((r) => r.submissionId)));
  const byId = new Map(meta.map((m) => [m.id, m]));
  const withValues: { row: BoardRow; values: Float64Array }[] = [];
  for (const row of board.rows) {
    const m = byId.get(row.submissionId);
    const values = await resamplesFor(store, row.submissionId, m?.scoredAt ?? null, part);
    if (values) withValues.push({ row, values });
  }
  const sig =
    withValues.length === board.rows.length
      ? boardSignificance(withValues.map((w) => ({ rank: w.row.rank, score: w.row.score, resampledValues: w.values })))
      : null;
  board.rows.forEach((row, i) => {
    const iv = (byId.get(row.submissionId)?.details as { intervals?: PartIntervals } | null)?.intervals?.[part] ?? null;
    const s = sig?.[i];
    out.set(row.teamId, {
      interval: iv,
      band: s?.band.label ?? String(row.rank),
      vsAbove: brief(s?.vsAbove ?? null),
      vsLeader: brief(s?.vsLeader ?? null),
    });
  });
  return out;
}

export type TrackTeamStats = {
  pFirst: number;
  rankLow: number;
  rankHigh: number;
  /** 95% bootstrap interval of the team's track average (average rule only; a missing task counts 0 in every resample, as on the board). */
  averageInterval: [number, number] | null;
};

/**
 * For a track board: each team's probability of ranking first across the
 * bootstrap resamples of every task, and the range of ranks it takes (2.5%–97.5%),
 * under the track's own rule. Built from the same task boards, so it sees only
 * the part (public or private) the viewer may see.
 */
export async function trackStats({
  db,
  store,
  boards,
}: {
  db: DbOrTx;
  store: BlobStore;
  boards: TaskBoard[];
}): Promise<Map<string, TrackTeamStats>> {
  const teamIds = [...new Set(boards.flatMap((b) => b.rows.map((r) => r.teamId)))];
  const perTeam = new Map(teamIds.map((id) => [id, {} as Record<string, Float64Array | undefined>]));
  for (const b of boards) {
    const part = b.board === 'private' ? 'private' : 'public';
    const meta = b.rows.length
      ? await db.select({ id: submissions.id, scoredAt: submissions.scoredAt }).from(submissions).where(inArray(submissions.id, b.rows.map((r) => r.submissionId)))
      : [];
    const scoredAt = new Map(meta.map((m) => [m.id, m.scoredAt]));
    for (const r of b.rows) perTeam.get(r.teamId)![b.task] = (await resamplesFor(store, r.submissionId, scoredAt.get(r.submissionId) ?? null, part)) ?? undefined;
  }
  const tasks = boards.map((b) => ({ id: b.task, higherIsBetter: b.higherIsBetter, bounded: metricBounds(b.metric) }));
  const out = new Map<string, TrackTeamStats>();
  try {
    const stats = trackRankStats({ tasks, teams: teamIds.map((teamId) => ({ teamId, perTaskResampledScores: perTeam.get(teamId)! })) });
    for (const s of stats.teams) {
      const averageInterval = stats.rule === 'average' ? averageInterval95(tasks.map((t) => t.id), perTeam.get(s.teamId)!, boards, s.teamId) : null;
      out.set(s.teamId, { pFirst: s.pFirst, rankLow: s.rankLow, rankHigh: s.rankHigh, averageInterval });
    }
  } catch {
    // Resamples from different plans (a task re-imported mid-challenge): no track statistics until re-scored.
  }
  return out;
}

/**
 * The 2.5% and 97.5% quantiles of a team's track average over the bootstrap resamples
 * (the same resamples for every task's rows). A task the team has no score on counts 0,
 * as on the board; a scored task without kept resamples leaves the interval unknown.
 */
function averageInterval95(taskIds: string[], perTask: Record<string, Float64Array | undefined>, boards: TaskBoard[], teamId: string): [number, number] | null {
  const B = Math.max(0, ...taskIds.map((id) => perTask[id]?.length ?? 0));
  if (B === 0) return null;
  for (const b of boards) if (b.rows.some((r) => r.teamId === teamId) && !perTask[b.task]) return null;
  const avg = new Float64Array(B);
  for (const id of taskIds) {
    const v = perTask[id];
    if (v) for (let i = 0; i < B; i++) avg[i] += v[i] / taskIds.length;
  }
  avg.sort();
  return [avg[Math.floor(0.025 * (B - 1))], avg[Math.ceil(0.975 * (B - 1))]];
}

// A cached track board (track-board.ts) is one object per change of its task boards: its statistics are computed once per object.
const statsByTrack = new WeakMap<TrackBoard, Promise<Map<string, TrackTeamStats>>>();

/** trackStats of a track board read with `cached: true`, computed once per board change. */
export function readTrackStats({ db, store, track }: { db: DbOrTx; store: BlobStore; track: TrackBoard }): Promise<Map<string, TrackTeamStats>> {
  let p = statsByTrack.get(track);
  if (!p) {
    const boards = taskBoardsOf(track);
    p = boards ? trackStats({ db, store, boards }) : Promise.resolve(new Map());
    statsByTrack.set(track, p);
    p.catch(() => statsByTrack.delete(track));
  }
  return p;
}
