/**
 * The shared part of a board page, rendered once per board change. A task board is the
 * same for every viewer who sees the same board object (readTaskBoard hands out one
 * object per board change: lib/leaderboard/board-version.ts), so its table is built once as an HTML
 * string and kept beside that object instead of rendering 100 rows of React elements again.
 * Everyone but organizers gets the whole page from podium's server's page cache
 * (lib/leaderboard/page-cache.ts), rendered for nobody, and the browser marks the viewer's own
 * row at its `<!--you:…-->` marker (leaderboard/viewer-parts.tsx#markOwnRows); a page Next.js
 * renders for a known viewer (organizers, `?team=`) marks it here (`personalise`).
 */
import type { BoardRow, TaskBoard } from '@/lib/leaderboard/task-board';
import type { TrackBoard } from '@/lib/leaderboard/track-board';
import type { RowStats, TrackTeamStats } from '@/lib/leaderboard/significance';
import { formatInterval, formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);

/** A UTC instant as text the LocalTimes component turns into the viewer's time zone after load. */
export function timeHtml(d: Date | null): string {
  if (!d) return '—';
  const iso = d.toISOString();
  return `<time data-local datetime="${iso}">${iso.replace('T', ' ').slice(0, 16)} UTC</time>`;
}

const BASELINE_STYLE = 'background:#f3f0ff';

/** The marker a row's team cell carries, replaced by a "you" badge for that team's members. */
const youMark = (teamId: string) => `<!--you:${teamId}-->`;

function tieTitle(s: RowStats | undefined): string {
  if (!s?.vsAbove) return '';
  // Short: it is repeated on every row of a 100-team board, and every byte is sent to every viewer.
  return ` title="p = ${s.vsAbove.pValue.toPrecision(2)} vs the team above, ${s.vsLeader?.pValue.toPrecision(2)} vs the leader"`;
}

export function taskBoardHtml({
  board,
  stats,
  historyHref,
}: {
  board: TaskBoard;
  stats?: Map<string, RowStats>;
  historyHref?: (teamId: string) => string;
}): string {
  const { rows, metric } = board;
  if (rows.length === 0) return '<p class="muted">No scored submissions yet.</p>';
  const others = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].filter((m) => m !== metric && m !== 'n_rows').sort();
  const head =
    '<th class="num">#</th>' +
    (stats ? '<th class="num" title="Teams whose difference is not statistically significant (paired bootstrap, p ≥ 0.05) share a band">tied</th>' : '') +
    '<th>team</th>' +
    `<th class="num" data-ranking="true" title="The ranking metric${board.higherIsBetter ? ', higher is better' : ', lower is better'}; under each score its 95% bootstrap interval (1,000 resamples)">${esc(metricLabel(metric))} <span class="badge accent">ranked</span></th>` +
    others.map((m) => `<th class="num">${esc(metricLabel(m))}</th>`).join('') +
    '<th class="num">entries</th><th>last</th>';
  const body = rows.map((r) => rowHtml(r, { metric, others, stats, historyHref })).join('');
  return `<div class="table-wrap"><table data-testid="board"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function rowHtml(
  r: BoardRow,
  { metric, others, stats, historyHref }: { metric: string; others: string[]; stats?: Map<string, RowStats>; historyHref?: (teamId: string) => string },
): string {
  const s = stats?.get(r.teamId);
  const team = historyHref ? `<a href="${esc(historyHref(r.teamId))}">${esc(r.team)}</a>` : esc(r.team);
  const auto = r.selection === 'best_public' ? ' <span class="muted small" title="The team selected nothing; its best public submission counts.">(auto)</span>' : '';
  return (
    `<tr data-team="${esc(r.team)}" data-team-id="${r.teamId}"${r.baseline ? ` style="${BASELINE_STYLE}"` : ''}>` +
    `<td class="num">${r.rank}</td>` +
    (stats ? `<td class="num small" data-testid="band"${tieTitle(s)}>${esc(s?.band ?? String(r.rank))}</td>` : '') +
    `<td>${team} ${r.baseline ? '<span class="badge">baseline</span>' : ''}${youMark(r.teamId)}${auto}</td>` +
    `<td class="num"><strong>${formatMetricValue(metric, r.score)}</strong>` +
    (s?.interval ? `<div class="muted small" data-testid="interval">${formatInterval(metric, s.interval)}</div>` : '') +
    '</td>' +
    others.map((m) => `<td class="num">${formatMetricValue(m, r.metrics[m])}</td>`).join('') +
    `<td class="num">${r.submissions}</td>` +
    `<td class="small">${timeHtml(r.lastSubmissionAt)}</td>` +
    '</tr>'
  );
}

export function trackBoardHtml({ board, stats, taskHref }: { board: TrackBoard; stats: Map<string, TrackTeamStats>; taskHref: (slug: string) => string }): string {
  const head =
    '<th class="num">#</th><th>team</th>' +
    (board.rule === 'average' ? '<th class="num" data-ranking="true">average <span class="badge accent">ranked</span></th>' : '') +
    `<th class="num"${board.rule === 'mean_rank' ? ' data-ranking="true"' : ''}>mean rank${board.rule === 'mean_rank' ? ' <span class="badge accent">ranked</span>' : ''}</th>` +
    '<th class="num">Borda</th>' +
    '<th class="num" title="Share of 1,000 bootstrap resamples of every task in which the team ranks first on this track">P(first)</th>' +
    '<th class="num" title="The ranks the team takes in 95% of the resamples">rank range</th>' +
    board.tasks
      .map(
        (t) =>
          `<th class="num" title="${esc(`${metricLabel(t.metric)}, ${t.higherIsBetter ? 'higher' : 'lower'} is better`)}"><a href="${esc(taskHref(t.slug))}">${esc(t.title)}</a><div class="muted small" style="font-weight:400;text-transform:none">${esc(metricLabel(t.metric))}</div></th>`,
      )
      .join('');
  const body = board.rows
    .map((r) => {
      const s = stats.get(r.teamId);
      const range = s ? (s.rankLow === s.rankHigh ? String(s.rankLow) : `${s.rankLow}–${s.rankHigh}`) : '—';
      return (
        `<tr data-team="${esc(r.team)}" data-team-id="${r.teamId}"${r.baseline ? ` style="${BASELINE_STYLE}"` : ''}>` +
        `<td class="num">${r.rank}</td>` +
        `<td>${esc(r.team)} ${r.baseline ? '<span class="badge">baseline</span>' : ''}${youMark(r.teamId)}</td>` +
        (board.rule === 'average' ? `<td class="num"><strong>${formatMetricValue('average', r.average)}</strong></td>` : '') +
        `<td class="num">${board.rule === 'mean_rank' ? `<strong>${r.meanRank.toFixed(2)}</strong>` : r.meanRank.toFixed(2)}</td>` +
        `<td class="num">${r.borda}</td>` +
        `<td class="num" data-testid="p-first">${s ? `${(100 * s.pFirst).toFixed(1)}%` : '—'}</td>` +
        `<td class="num">${range}</td>` +
        board.tasks
          .map((t) => {
            const c = r.cells[t.slug];
            return c.missing
              ? `<td class="num" title="no submission: counted as the worst possible score"><span style="color:var(--bad)">✗ ${formatMetricValue(t.metric, c.averaged)}</span></td>`
              : `<td class="num" title="rank ${c.rank}">${formatMetricValue(t.metric, c.score)}</td>`;
          })
          .join('') +
        '</tr>'
      );
    })
    .join('');
  return `<div class="table-wrap"><table data-testid="track-board"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The viewer's own row: highlighted and badged "you". Everything else is the shared string. */
export function personalise(html: string, myTeamId: string | null | undefined): string {
  if (!myTeamId) return html;
  return html
    .replace(`data-team-id="${myTeamId}">`, `data-team-id="${myTeamId}" data-mine="true" style="background:#eef6ff">`)
    .replace(youMark(myTeamId), ' <span class="badge ok">you</span>');
}

/** One rendering per (board object, variant): boards are replaced, never mutated, so a WeakMap is the whole cache. */
const rendered = new WeakMap<object, Map<string, { html: string; stamp: string }>>();
let renderings = 0;

/** The HTML and a stamp that changes with every new rendering (for LocalTimes). */
export function renderOnce(key: object, variant: string, render: () => string): { html: string; stamp: string } {
  let m = rendered.get(key);
  if (!m) rendered.set(key, (m = new Map()));
  let out = m.get(variant);
  if (!out) m.set(variant, (out = { html: render(), stamp: `${process.pid}-${++renderings}` }));
  return out;
}

const renderedAsync = new WeakMap<object, Map<string, Promise<string>>>();

/** renderOnce for renderings that read more data first (a chart's history): one computation per (board object, variant). */
export function renderOnceAsync(key: object, variant: string, render: () => Promise<string>): Promise<string> {
  let m = renderedAsync.get(key);
  if (!m) renderedAsync.set(key, (m = new Map()));
  let p = m.get(variant);
  if (!p) {
    p = render();
    m.set(variant, p);
    const map = m;
    p.catch(() => map.delete(variant));
  }
  return p;
}
