import 'server-only';
/**
 * A track's board: each team's score on every task of the track (from the task boards,
 * so freeze, reveal and disqualification apply exactly as there), aggregated by
 * aggregateTrack. The rule (average or mean rank) comes with the rows so pages say it.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { tasks } from '@/db/schema';
import { getTaskBoard, higherIsBetterFor, readTaskBoard, type TaskBoard, type TaskBoardChallenge } from './task-board';
import { getBoardVersion } from './board-version';
import { aggregateTrack, metricBounds, type TrackCell, type TrackRule } from './track';

export interface TrackBoardRow {
  rank: number;
  teamId: string;
  team: string;
  baseline: boolean;
  average: number | null;
  meanRank: number;
  borda: number;
  /** Per task slug; a missing task is marked and averaged at the task's worst possible score. */
  cells: Record<string, TrackCell>;
}

export interface TrackBoard {
  track: string;
  board: 'public' | 'private';
  rule: TrackRule;
  tasks: Array<{ slug: string; title: string; metric: string; higherIsBetter: boolean }>;
  frozenAt: Date | null;
  rows: TrackBoardRow[];
}

export async function getTrackBoard({
  db,
  challenge,
  track,
  board,
  organizer,
  now = new Date(),
  cached = false,
}: {
  db: DbOrTx;
  challenge: TaskBoardChallenge;
  track: { id: string; slug: string };
  board: 'public' | 'private';
  organizer: boolean;
  now?: Date;
  /** Read each task board through the process-wide cache (API and pages). */
  cached?: boolean;
}): Promise<TrackBoard> {
  // One version read for all the track's task boards, before any of the data it guards (board-version.ts).
  const version = cached ? await getBoardVersion({ db, challengeId: challenge.id }) : 0;
  const list = await db
    .select({ id: tasks.id, slug: tasks.slug, title: tasks.title, metric: tasks.metric })
    .from(tasks)
    .where(and(eq(tasks.trackId, track.id), isNull(tasks.archivedAt))) // an archived task leaves the track average
    .orderBy(asc(tasks.position), asc(tasks.createdAt));
  const taskInfo = list.map((t) => ({ slug: t.slug, title: t.title, metric: t.metric, higherIsBetter: higherIsBetterFor(t.metric) }));
  if (list.length === 0) return { track: track.slug, board, rule: 'average', tasks: [], frozenAt: null, rows: [] };
  const boards = await Promise.all(list.map((task) => (cached ? readTaskBoard({ db, challenge, task, board, organizer, now, version }) : getTaskBoard({ db, challenge, task, board, organizer, now }))));
  if (!cached) return aggregate(track, board, taskInfo, boards);
  // The same task-board objects (board-cache.ts) give the same track board: aggregate once per change.
  const key = `${track.id}|${board}|${boards.map((b) => b.frozenAt?.getTime() ?? '').join(',')}`;
  const memo = trackMemo.get(key);
  if (memo && memo.boards.length === boards.length && memo.boards.every((b, i) => b === boards[i]) && memo.tasks === JSON.stringify(taskInfo)) return memo.value;
  const value = aggregate(track, board, taskInfo, boards);
  if (trackMemo.size > 1000) trackMemo.clear();
  trackMemo.set(key, { boards, tasks: JSON.stringify(taskInfo), value });
  return value;
}

const trackMemo = new Map<string, { boards: TaskBoard[]; tasks: string; value: TrackBoard }>();
const taskBoardsByTrack = new WeakMap<TrackBoard, TaskBoard[]>();

/** The task boards a track board was aggregated from (the same objects), for its statistics. */
export function taskBoardsOf(track: TrackBoard): TaskBoard[] | undefined {
  return taskBoardsByTrack.get(track);
}

function aggregate(track: { slug: string }, board: 'public' | 'private', taskInfo: TrackBoard['tasks'], boards: TaskBoard[]): TrackBoard {
  const teams = new Map<string, { team: string; baseline: boolean; scores: Record<string, number> }>();
  boards.forEach((b) => {
    for (const r of b.rows) {
      const entry = teams.get(r.teamId) ?? { team: r.team, baseline: r.baseline, scores: {} };
      entry.scores[b.task] = r.score;
      teams.set(r.teamId, entry);
    }
  });
  const teamList = [...teams.entries()].map(([teamId, v]) => ({ teamId, scores: v.scores }));
  const agg = aggregateTrack({
    tasks: taskInfo.map((t) => ({ id: t.slug, higherIsBetter: t.higherIsBetter, bounded: metricBounds(t.metric) })),
    teams: teamList,
  });
  const out: TrackBoard = {
    track: track.slug,
    board,
    rule: agg.rule,
    tasks: taskInfo,
    frozenAt: boards[0].frozenAt,
    rows: agg.rows.map((r) => ({ ...r, team: teams.get(r.teamId)!.team, baseline: teams.get(r.teamId)!.baseline })),
  };
  taskBoardsByTrack.set(out, boards);
  return out;
}
