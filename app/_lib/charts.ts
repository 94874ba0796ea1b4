import 'server-only';
/**
 * Every chart of the site, drawn on the server by Observable Plot into a linkedom
 * document and sent as plain SVG: no chart code reaches the browser (0 KB of client
 * JavaScript), and a board's charts are drawn once per board change (board-html.ts's
 * renderOnce). Measured against the other maintained libraries in README "Libraries
 * chosen by measurement". Axes are always labelled; tooltips are SVG <title>s.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';

const WIDTH = 720;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function draw(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const el = Plot.plot({ document, width: WIDTH, style: { fontFamily: FONT, fontSize: '12px', background: '#fff', overflow: 'visible' }, ...options });
  return (el as unknown as { outerHTML: string }).outerHTML;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;

export type RaceLine = { team: string; points: { day: Date; best: number }[] };

/** The leaderboard over time: each of the top teams' best public score by day (UTC), a step line per team, labelled at its end. */
export function raceChart({ lines, metric, higherIsBetter }: { lines: RaceLine[]; metric: string; higherIsBetter: boolean }): string {
  const data = lines.flatMap((l) => l.points.map((p) => ({ team: l.team, day: p.day, best: p.best })));
  if (data.length === 0) return '';
  const last = lines.map((l) => ({ team: l.team, ...l.points[l.points.length - 1] }));
  const days = data.map((d) => d.day.getTime());
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  // A race of one day still gets a readable axis: the day before and after it.
  const domain = hi - lo < 2 * DAY ? [new Date(lo - DAY), new Date(Math.max(hi, lo) + DAY)] : undefined;
  return draw({
    height: 340,
    marginRight: 130,
    marginLeft: 60,
    marginBottom: 44,
    x: { type: 'utc', label: 'Day (UTC)', domain, ticks: domain ? 'day' : undefined, tickFormat: '%b %d', labelAnchor: 'center', labelArrow: 'none', labelOffset: 38 },
    y: { label: `Best public ${metricLabel(metric)}${higherIsBetter ? ' (higher is better)' : ' (lower is better)'}`, grid: true, nice: true, inset: 8, reverse: !higherIsBetter, tickFormat: (v: number) => formatMetricValue(metric, v), labelArrow: 'none' },
    color: { type: 'categorical', scheme: 'tableau10' },
    marks: [
      Plot.lineY(data, { x: 'day', y: 'best', z: 'team', stroke: 'team', curve: 'step-after', strokeWidth: 2 }),
      Plot.dot(data, { x: 'day', y: 'best', fill: 'team', r: 2.5, title: (d: { team: string; day: Date; best: number }) => `${d.team}, ${utcDay(d.day)}: ${formatMetricValue(metric, d.best)}` }),
      Plot.text(last, { x: 'day', y: 'best', text: 'team', fill: 'team', dx: 6, textAnchor: 'start', fontWeight: 600 }),
    ],
  });
}

export type HistoryDot = { at: Date; score: number; best: number };

/** One team's history: every submission's public score (dots) and the best so far (step line). */
export function historyChart({ points, metric, higherIsBetter }: { points: HistoryDot[]; metric: string; higherIsBetter: boolean }): string {
  if (points.length === 0) return '';
  const lastAt = points[points.length - 1].at;
  // With a single day of submissions, show that day whole rather than a padded axis with two equal labels.
  const t0 = points[0].at.getTime();
  const span = lastAt.getTime() - t0;
  const domain = span < 60_000 ? [new Date(t0 - 3_600_000), new Date(t0 + 3_600_000)] : undefined;
  const line = [...points, { at: lastAt, score: points[points.length - 1].best, best: points[points.length - 1].best }];
  // Within two days the ticks are clock times and the label says the day; beyond, the ticks are days.
  const short = span < 2 * DAY;
  const label = short ? `Submitted at (UTC, ${utcDay(points[0].at)}${utcDay(points[0].at) !== utcDay(lastAt) ? ` to ${utcDay(lastAt)}` : ''})` : 'Submitted on (UTC)';
  return draw({
    height: 260,
    marginLeft: 60,
    marginBottom: 44,
    x: { type: 'utc', label, domain, tickFormat: short ? '%H:%M' : '%b %d', labelAnchor: 'center', labelArrow: 'none', labelOffset: 38 },
    y: { label: `Public ${metricLabel(metric)}`, grid: true, nice: true, inset: 10, reverse: !higherIsBetter, tickFormat: (v: number) => formatMetricValue(metric, v), labelArrow: 'none' },
    marks: [
      Plot.lineY(line, { x: 'at', y: 'best', curve: 'step-after', stroke: '#2f5bea', strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'at',
        y: 'score',
        r: 4,
        fill: (d: HistoryDot) => (d.score === d.best ? 'new best' : 'not better'),
        title: (d: HistoryDot) => `${d.at.toISOString().replace('T', ' ').slice(0, 16)} UTC: ${formatMetricValue(metric, d.score)}`,
      }),
    ],
    color: { domain: ['new best', 'not better'], range: ['#2f5bea', '#9aa3b2'], legend: false },
  });
}

export type TrackBar = { team: string; average: number; low: number | null; high: number | null };

/** The track board's averages with their 95% bootstrap intervals, one row per team, best at the top. */
export function trackAverageChart({ bars }: { bars: TrackBar[] }): string {
  if (bars.length === 0) return '';
  const withIv = bars.filter((b) => b.low !== null && b.high !== null);
  return draw({
    height: 56 + bars.length * 22,
    marginLeft: 150,
    marginBottom: 44,
    x: { label: 'Average score over the track’s tasks (95% interval)', grid: true, domain: [0, 1], labelAnchor: 'center', labelArrow: 'none', labelOffset: 38, tickFormat: (v: number) => v.toFixed(1) },
    y: { label: null, domain: bars.map((b) => b.team) },
    marks: [
      Plot.ruleY(withIv, { y: 'team', x1: 'low', x2: 'high', stroke: '#9aa3b2', strokeWidth: 3 }),
      Plot.dot(bars, { y: 'team', x: 'average', fill: '#2f5bea', r: 4.5, title: (b: TrackBar) => `${b.team}: ${formatMetricValue('average', b.average)}${b.low !== null ? ` (${formatMetricValue('average', b.low)}–${formatMetricValue('average', b.high)})` : ''}` }),
    ],
  });
}

export type PrPoint = { threshold: number; precision: number; recall: number };

/** The precision/recall curve of a matching submission. */
export function prChart({ points }: { points: PrPoint[] }): string {
  if (points.length < 2) return '';
  return draw({
    height: 320,
    width: 480,
    marginLeft: 56,
    marginBottom: 44,
    x: { label: 'Recall', domain: [0, 1], grid: true, labelAnchor: 'center', labelArrow: 'none', labelOffset: 38 },
    y: { label: 'Precision', domain: [0, 1], grid: true, labelArrow: 'none' },
    marks: [
      Plot.line(points, { x: 'recall', y: 'precision', stroke: '#2f5bea', strokeWidth: 2, curve: 'step-before' }),
      Plot.dot(points, { x: 'recall', y: 'precision', r: 2, fill: '#2f5bea', title: (p: PrPoint) => `threshold ${p.threshold.toPrecision(3)}: recall ${p.recall.toFixed(4)}, precision ${p.precision.toFixed(4)}` }),
    ],
  });
}

export type Move = { team: string; from: number; to: number };

/** The shake-up: each team's public rank (left) joined to its private rank (right); green moved up, red down. */
export function shakeUpChart({ moves }: { moves: Move[] }): string {
  if (moves.length === 0) return '';
  const n = Math.max(...moves.map((m) => Math.max(m.from, m.to)));
  const ends = moves.flatMap((m) => [
    { team: m.team, side: 'Public rank', rank: m.from, move: m.to - m.from },
    { team: m.team, side: 'Private (final) rank', rank: m.to, move: m.to - m.from },
  ]);
  const colour = (move: number) => (move < 0 ? '#177245' : move > 0 ? '#b42318' : '#9aa3b2');
  return draw({
    height: 50 + n * 28,
    marginTop: 36,
    marginBottom: 14,
    marginLeft: 150,
    marginRight: 150,
    x: { domain: ['Public rank', 'Private (final) rank'], label: null, axis: 'top', padding: 0, tickSize: 0, tickPadding: 14 },
    y: { domain: [1, n], reverse: true, label: null, axis: null },
    marks: [
      Plot.line(ends, { x: 'side', y: 'rank', z: 'team', stroke: (d: { move: number }) => colour(d.move), strokeWidth: 2 }),
      Plot.dot(ends, { x: 'side', y: 'rank', fill: (d: { move: number }) => colour(d.move), r: 3.5 }),
      Plot.text(ends.filter((e) => e.side === 'Public rank'), { x: 'side', y: 'rank', text: (d: { team: string; rank: number }) => `${d.rank}. ${d.team}`, textAnchor: 'end', dx: -8 }),
      Plot.text(ends.filter((e) => e.side !== 'Public rank'), {
        x: 'side',
        y: 'rank',
        text: (d: { team: string; rank: number; move: number }) => `${d.rank}. ${d.team} ${d.move < 0 ? `▲${-d.move}` : d.move > 0 ? `▼${d.move}` : '='}`,
        textAnchor: 'start',
        dx: 8,
      }),
    ],
  });
}
