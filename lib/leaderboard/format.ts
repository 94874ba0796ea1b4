/**
 * Boards as the API serves them (docs/api.md): JSON rows and CSV. Only what the board
 * already holds is written, so a participant's export carries exactly what their page
 * shows: the private columns exist only on a private board they may see.
 */
import { formatMetricValue } from '@/lib/scoring/metrics/labels';
import type { TaskBoard } from './task-board';
import type { TrackBoard } from './track-board';

export function taskBoardJson(b: TaskBoard) {
  return {
    task: b.task,
    board: b.board,
    metric: b.metric,
    higherIsBetter: b.higherIsBetter,
    frozenAt: b.frozenAt?.toISOString() ?? null,
    rows: b.rows.map((r) => ({
      rank: r.rank,
      team: r.team,
      score: r.score,
      metrics: r.metrics,
      submissions: r.submissions,
      lastSubmissionAt: r.lastSubmissionAt?.toISOString() ?? null,
      baseline: r.baseline,
      ...(b.board === 'late' ? { late: true } : {}),
      ...(r.selection ? { selection: r.selection } : {}),
    })),
  };
}

export function trackBoardJson(b: TrackBoard) {
  return {
    track: b.track,
    board: b.board,
    rule: b.rule,
    tasks: b.tasks,
    frozenAt: b.frozenAt?.toISOString() ?? null,
    rows: b.rows.map((r) => ({
      rank: r.rank,
      team: r.team,
      average: r.average,
      meanRank: r.meanRank,
      borda: r.borda,
      baseline: r.baseline,
      tasks: Object.fromEntries(Object.entries(r.cells).map(([slug, c]) => [slug, { score: c.score, missing: c.missing, rank: c.rank }])),
    })),
  };
}

/**
 * A spreadsheet opening an exported CSV runs a cell that starts with `=`, `+`, `-`, `@`,
 * tab or CR as a formula (CSV injection; team names are chosen by participants and the
 * exports are public). Such text cells get a leading `'`, shown as text; numbers stay numbers.
 */
export function neutralizeCsvText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A number already printed in its metric's format ("-0.2500") is a number, not text a spreadsheet runs. */
const PRINTED_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' && !PRINTED_NUMBER.test(v) ? neutralizeCsvText(v) : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A score in a CSV export: the metric's one format, as on the pages (the JSON keeps full precision). */
const csvScore = (metric: string, v: number | null | undefined) => formatMetricValue(metric, v, { empty: '' });

/** rank, team, score, every metric any row has (sorted), submissions, last submission, baseline. */
export function taskBoardCsv(b: TaskBoard): string {
  const metricNames = [...new Set(b.rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  const head = ['rank', 'team', 'score', ...metricNames, 'submissions', 'last_submission_at', 'baseline'];
  const lines = [head.map(csvField).join(',')];
  for (const r of b.rows) {
    lines.push(
      [r.rank, r.team, csvScore(b.metric, r.score), ...metricNames.map((m) => csvScore(m, r.metrics[m])), r.submissions, r.lastSubmissionAt?.toISOString(), r.baseline].map(csvField).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export function trackBoardCsv(b: TrackBoard): string {
  const head = ['rank', 'team', 'average', 'mean_rank', 'borda', ...b.tasks.map((t) => t.slug), 'baseline'];
  const lines = [head.map(csvField).join(',')];
  for (const r of b.rows) {
    lines.push(
      [r.rank, r.team, csvScore('average', r.average), r.meanRank, r.borda, ...b.tasks.map((t) => csvScore(t.metric, r.cells[t.slug]?.score)), r.baseline].map(csvField).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
