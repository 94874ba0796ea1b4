/**
 * Track-level uncertainty: re-rank the track in every resample and see how often each
 * team comes first and which ranks it takes. Resample b of each task is combined with
 * resample b of the others; tasks have independent rows and seeds, so this is a draw
 * from the joint bootstrap distribution. The same rule ranks each resample as the
 * board (average or mean rank), and missing tasks are treated as on the board.
 */
import { trackRule, trackStandings, type TrackRule, type TrackTask } from '@/lib/leaderboard/track';

export interface TrackTeamResamples {
  teamId: string;
  /** The team's resampled values per task id; undefined when it has no score there. */
  perTaskResampledScores: Record<string, Float64Array | undefined>;
}

export interface TrackRankStats {
  teamId: string;
  /** Share of resamples where the team ranks first; a tie for first is shared equally. */
  pFirst: number;
  /** 2.5 % and 97.5 % quantiles of the team's rank (inverse-CDF, so whole ranks). */
  rankLow: number;
  rankHigh: number;
}

function rankQuantile(counts: Int32Array, total: number, q: number): number {
  let cumulative = 0;
  for (let r = 1; r < counts.length; r++) {
    cumulative += counts[r];
    if (cumulative >= q * total - 1e-9) return r;
  }
  return counts.length - 1;
}

export function trackRankStats({ tasks, teams }: { tasks: readonly TrackTask[]; teams: readonly TrackTeamResamples[] }): {
  rule: TrackRule;
  resamples: number;
  teams: TrackRankStats[];
} {
  let resamples = -1;
  for (const team of teams) {
    for (const task of tasks) {
      const values = team.perTaskResampledScores[task.id];
      if (!values) continue;
      if (resamples >= 0 && values.length !== resamples) {
        throw new RangeError(`trackRankStats: team ${team.teamId} has ${values.length} resamples on task ${task.id}, others ${resamples}`);
      }
      resamples = values.length;
    }
  }
  const rule = trackRule(tasks);
  const T = teams.length;
  if (resamples <= 0) return { rule, resamples: 0, teams: teams.map((t) => ({ teamId: t.teamId, pFirst: NaN, rankLow: NaN, rankHigh: NaN })) };
  const columns = tasks.map((task) => teams.map((team) => team.perTaskResampledScores[task.id]));
  const rankCounts = teams.map(() => new Int32Array(T + 1));
  const firsts = new Float64Array(T);
  for (let b = 0; b < resamples; b++) {
    const { rank } = trackStandings(tasks, T, (t, i) => columns[t][i]?.[b], rule);
    let tiedFirst = 0;
    for (let i = 0; i < T; i++) {
      rankCounts[i][rank[i]]++;
      if (rank[i] === 1) tiedFirst++;
    }
    for (let i = 0; i < T; i++) if (rank[i] === 1) firsts[i] += 1 / tiedFirst;
  }
  return {
    rule,
    resamples,
    teams: teams.map((team, i) => ({
      teamId: team.teamId,
      pFirst: firsts[i] / resamples,
      rankLow: rankQuantile(rankCounts[i], resamples, 0.025),
      rankHigh: rankQuantile(rankCounts[i], resamples, 0.975),
    })),
  };
}
