/**
 * Track boards: several tasks ranked together. When every task's metric is
 * higher-is-better and bounded in [0, 1], scores are commensurable and the track ranks
 * by their average. Otherwise (log_loss, cohen_kappa's [-1, 1]) an average would mix
 * scales, so the track ranks by mean rank; the page says which rule applies.
 */
import { PodiumError } from '@/lib/errors';
import { metricsByName } from '@/lib/scoring/metrics';
import { competitionRanks } from './rank-rows';

export interface MetricBounds {
  worst: number;
  best: number;
}

/** The worst and best possible value of a metric, from the registry; null when unbounded (log_loss). */
export function metricBounds(metricName: string): MetricBounds | null {
  const info = metricsByName[metricName];
  if (!info) {
    throw new PodiumError('bad_task:unknown_metric', `Unknown metric "${metricName}"; expected one of ${Object.keys(metricsByName).join(', ')}.`);
  }
  return info.bounds;
}

export interface TrackTask {
  id: string;
  higherIsBetter: boolean;
  bounded: MetricBounds | null;
}

export interface TrackTeam {
  teamId: string;
  scores: Record<string, number | undefined>;
}

export type TrackRule = 'average' | 'mean_rank';

export interface TrackCell {
  /** The team's score on the task; null when it has none. */
  score: number | null;
  missing: boolean;
  /** The value the average uses: the score, or the task's worst possible score when missing. */
  averaged: number | null;
  /** Competition rank on the task among the track's teams; a missing task is last place. */
  rank: number;
}

export interface TrackRow {
  teamId: string;
  rank: number;
  /** Mean of `averaged` over the tasks; null when some task is unbounded. */
  average: number | null;
  meanRank: number;
  /** Sum over tasks of (teams on the board − task rank): a missing task earns 0. */
  borda: number;
  cells: Record<string, TrackCell>;
}

export function trackRule(tasks: readonly TrackTask[]): TrackRule {
  const commensurable = tasks.every((t) => t.higherIsBetter && t.bounded !== null && t.bounded.worst === 0 && t.bounded.best === 1);
  return commensurable ? 'average' : 'mean_rank';
}

/**
 * The one rule for a team with no score on a task, used by the track board and the
 * team × task matrix alike: it ranks last place, i.e. the number of teams compared,
 * tied with every other team missing it.
 */
export function missingTaskRank(teamCount: number): number {
  return teamCount;
}

/** Mean rank over tasks (`undefined` = no score on that task) among `teamCount` teams. */
export function meanRankOf({ ranks, teamCount }: { ranks: readonly (number | undefined)[]; teamCount: number }): number {
  if (ranks.length === 0) return 0;
  return ranks.reduce<number>((s, r) => s + (r ?? missingTaskRank(teamCount)), 0) / ranks.length;
}

export interface Standings {
  average: Float64Array; // NaN when some task is unbounded
  meanRank: Float64Array;
  borda: Float64Array;
  taskRanks: Int32Array[]; // per task, per team
  rank: Int32Array;
}

/**
 * The ranking core shared by the board and the resampled track statistics.
 * `score(task, team)` is undefined for a missing task. A missing task ranks last place,
 * i.e. rank = the number of teams on the board, tied with every other team missing it.
 */
export function trackStandings(
  tasks: readonly TrackTask[],
  teamCount: number,
  score: (taskIndex: number, teamIndex: number) => number | undefined,
  rule: TrackRule,
): Standings {
  if (tasks.length === 0) throw new RangeError('trackStandings: a track needs at least one task');
  const average = new Float64Array(teamCount);
  const rankSum = new Float64Array(teamCount);
  const taskRanks: Int32Array[] = [];
  for (let t = 0; t < tasks.length; t++) {
    const task = tasks[t];
    const scored: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < teamCount; i++) {
      const v = score(t, i);
      if (v !== undefined) {
        scored.push(i);
        values.push(v);
      }
      // An average over an unbounded metric has no meaning (and no worst value for a gap).
      average[i] += task.bounded === null ? NaN : (v ?? task.bounded.worst);
    }
    const ranks = new Int32Array(teamCount).fill(missingTaskRank(teamCount));
    const scoredRanks = competitionRanks(values, task.higherIsBetter);
    for (let j = 0; j < scored.length; j++) ranks[scored[j]] = scoredRanks[j];
    for (let i = 0; i < teamCount; i++) rankSum[i] += ranks[i];
    taskRanks.push(ranks);
  }
  const m = tasks.length;
  const meanRank = rankSum.map((s) => s / m);
  const borda = rankSum.map((s) => m * teamCount - s);
  for (let i = 0; i < teamCount; i++) average[i] /= m;
  const rank = rule === 'average' ? competitionRanks(average, true) : competitionRanks(meanRank, false);
  return { average, meanRank, borda, taskRanks, rank };
}

/** The track board: one row per team, best first; equal teams keep their input order. */
export function aggregateTrack({ tasks, teams }: { tasks: readonly TrackTask[]; teams: readonly TrackTeam[] }): {
  rule: TrackRule;
  rows: TrackRow[];
} {
  const rule = trackRule(tasks);
  const lookup = (t: number, i: number) => {
    const v = teams[i].scores[tasks[t].id];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
  const s = trackStandings(tasks, teams.length, lookup, rule);
  const rows = teams.map((team, i): TrackRow => {
    const cells: Record<string, TrackCell> = {};
    tasks.forEach((task, t) => {
      const value = lookup(t, i);
      const averaged = value ?? task.bounded?.worst ?? null;
      cells[task.id] = { score: value ?? null, missing: value === undefined, averaged, rank: s.taskRanks[t][i] };
    });
    const average = Number.isNaN(s.average[i]) ? null : s.average[i];
    return { teamId: team.teamId, rank: s.rank[i], average, meanRank: s.meanRank[i], borda: s.borda[i], cells };
  });
  rows.sort((a, b) => a.rank - b.rank);
  return { rule, rows };
}
