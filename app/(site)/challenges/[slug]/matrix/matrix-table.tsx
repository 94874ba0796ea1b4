'use client';
import { useMemo, useState } from 'react';
import { formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';

export type MatrixTask = { slug: string; title: string; metric: string; higherIsBetter: boolean; teams: number };
export type MatrixRow = { teamId: string; team: string; baseline: boolean; meanRank: number; cells: Record<string, { score: number; rank: number } | undefined> };

function shade(rank: number, of: number): string {
  // Rank 1 deep green, last place pale; hue by relative rank.
  const t = of <= 1 ? 0 : (rank - 1) / (of - 1);
  const hue = 140 - 120 * t;
  return `hsl(${hue.toFixed(0)} 60% ${(38 + 50 * t).toFixed(0)}%)`;
}

/** Teams × tasks, each cell the team's score and rank on that task; click a header to sort. */
export function MatrixTable({ tasks, rows }: { tasks: MatrixTask[]; rows: MatrixRow[] }) {
  const [sortBy, setSortBy] = useState<string>('meanRank');
  const sorted = useMemo(() => {
    const copy = [...rows];
    if (sortBy === 'meanRank') copy.sort((a, b) => a.meanRank - b.meanRank);
    else if (sortBy === 'team') copy.sort((a, b) => a.team.localeCompare(b.team));
    else copy.sort((a, b) => (a.cells[sortBy]?.rank ?? Infinity) - (b.cells[sortBy]?.rank ?? Infinity));
    return copy;
  }, [rows, sortBy]);
  const header = (key: string, label: React.ReactNode) => (
    <th className="num" style={{ cursor: 'pointer', whiteSpace: 'nowrap' }} onClick={() => setSortBy(key)} aria-sort={sortBy === key ? 'ascending' : 'none'}>
      {label}
      {sortBy === key ? ' ▲' : ''}
    </th>
  );
  return (
    <div className="table-wrap">
      <table data-testid="matrix">
        <thead>
          <tr>
            <th style={{ cursor: 'pointer' }} onClick={() => setSortBy('team')}>
              team{sortBy === 'team' ? ' ▲' : ''}
            </th>
            {header('meanRank', 'mean rank')}
            {tasks.map((t) =>
              header(
                t.slug,
                <span title={`${t.title} (${t.slug}) — ${metricLabel(t.metric)}${t.higherIsBetter ? '' : ', lower is better'}`}>
                  {t.title}
                  <div className="muted small" style={{ fontWeight: 400, textTransform: 'none' }}>
                    {metricLabel(t.metric)}
                    {t.higherIsBetter ? '' : ' ↓'}
                  </div>
                </span>,
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.teamId}>
              <td>
                {r.team} {r.baseline && <span className="badge">baseline</span>}
              </td>
              <td className="num">{r.meanRank.toFixed(2)}</td>
              {tasks.map((t) => {
                const c = r.cells[t.slug];
                if (!c)
                  return (
                    <td key={t.slug} className="num muted" title="no scored submission" data-missing="true">
                      ✗
                    </td>
                  );
                return (
                  <td key={t.slug} className="num" style={{ background: shade(c.rank, t.teams), color: c.rank / Math.max(t.teams, 1) < 0.5 ? '#fff' : undefined }}>
                    {formatMetricValue(t.metric, c.score)}
                    <div className="small">#{c.rank}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
