import { LocalTime } from '../../../../_components/local-time';
import type { BoardRow } from '@/lib/leaderboard/task-board';
import type { RowStats } from '@/lib/leaderboard/significance';
import { baselineStyle, fmtScore } from './format';

/** A task board as a table. Gets only rows the viewer may see; renders nothing else. */
export function BoardTable({
  rows,
  metric,
  myTeamId,
  historyHref,
  stats,
}: {
  rows: BoardRow[];
  metric: string;
  myTeamId?: string | null;
  historyHref?: (teamId: string) => string;
  /** Intervals and tied bands per team id (lib/leaderboard/significance.ts). */
  stats?: Map<string, RowStats>;
}) {
  const others = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].filter((m) => m !== metric && m !== 'n_rows').sort();
  if (rows.length === 0) return <p className="muted">No scored submissions yet.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="board">
        <thead>
          <tr>
            <th className="num">#</th>
            {stats && (
              <th className="num" title="Teams whose difference is not statistically significant (paired bootstrap, p ≥ 0.05) share a band">
                tied
              </th>
            )}
            <th>team</th>
            <th className="num">
              <code>{metric}</code>
            </th>
            {others.map((m) => (
              <th key={m} className="num">
                {m}
              </th>
            ))}
            <th className="num">entries</th>
            <th>last</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.teamId} data-team={r.team} style={r.baseline ? baselineStyle : r.teamId === myTeamId ? { background: '#eef6ff' } : undefined}>
              <td className="num">{r.rank}</td>
              {stats && (
                <td className="num small" data-testid="band" title={tieTitle(stats.get(r.teamId))}>
                  {stats.get(r.teamId)?.band ?? r.rank}
                </td>
              )}
              <td>
                {historyHref ? <a href={historyHref(r.teamId)}>{r.team}</a> : r.team}{' '}
                {r.baseline && <span className="badge">baseline</span>}
                {r.teamId === myTeamId && <span className="badge ok">you</span>}
                {r.selection === 'best_public' && (
                  <span className="muted small" title="The team selected nothing; its best public submission counts.">
                    {' '}
                    (auto)
                  </span>
                )}
              </td>
              <td className="num">
                <strong>{fmtScore(r.score)}</strong>
                {stats?.get(r.teamId)?.interval && (
                  <div className="muted small" title="95% bootstrap interval (1,000 resamples)" data-testid="interval">
                    {fmtScore(stats.get(r.teamId)!.interval![0])}–{fmtScore(stats.get(r.teamId)!.interval![1])}
                  </div>
                )}
              </td>
              {others.map((m) => (
                <td key={m} className="num">
                  {fmtScore(r.metrics[m])}
                </td>
              ))}
              <td className="num">{r.submissions}</td>
              <td className="small">{r.lastSubmissionAt ? <LocalTime date={r.lastSubmissionAt} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function tieTitle(s: RowStats | undefined): string | undefined {
  if (!s?.vsAbove) return undefined;
  const above = s.vsAbove.distinguishable ? 'better than chance' : 'not significant';
  return `vs the team above: p = ${s.vsAbove.pValue.toPrecision(2)} (${above}); vs the leader: p = ${s.vsLeader?.pValue.toPrecision(2)}`;
}
