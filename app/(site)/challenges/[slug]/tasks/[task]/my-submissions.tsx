import Link from 'next/link';
import { AutoRefresh } from '../../../../../_components/auto-refresh';
import { LocalTime } from '../../../../../_components/local-time';
import { formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';

export type MySubmission = {
  id: string;
  fileName: string;
  size: number;
  description: string;
  status: string;
  error: string | null;
  late: boolean;
  selected: boolean;
  publicMetrics: Record<string, number> | null;
  createdAt: Date;
};

const statusClass: Record<string, string> = { scored: 'ok', failed: 'bad', queued: 'warn', scoring: 'warn' };

export function MySubmissions({ rows, metrics, ranking, selectCell }: { rows: MySubmission[]; metrics: string[]; ranking: string; selectCell?: (s: MySubmission) => React.ReactNode }) {
  const pending = rows.some((r) => r.status === 'queued' || r.status === 'scoring');
  return (
    <>
      <AutoRefresh active={pending} />
      <div className="table-wrap">
        <table data-testid="my-submissions">
          <thead>
            <tr>
              <th>submitted</th>
              {/* Right after the date, so the final-selection button is never cut off by a wide table. */}
              {selectCell && <th>final</th>}
              <th>status</th>
              {metrics.map((m) => (
                <th key={m} className="num" data-ranking={m === ranking ? 'true' : undefined} title={m === ranking ? 'The ranking metric' : undefined}>
                  {m === ranking ? (
                    <>
                      <strong>{metricLabel(m)}</strong> <span className="badge accent">ranked</span>
                    </>
                  ) : (
                    metricLabel(m)
                  )}
                </th>
              ))}
              <th>file</th>
              <th>description</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4 + metrics.length + (selectCell ? 1 : 0)} className="muted">
                  No submissions yet.
                </td>
              </tr>
            )}
            {rows.map((s) => (
              <tr key={s.id} data-status={s.status}>
                <td>
                  <Link href={`/submissions/${s.id}`}>
                    <LocalTime date={s.createdAt} />
                  </Link>
                  {s.late && <span className="badge warn">late</span>}
                </td>
                {selectCell && <td>{s.status === 'scored' && !s.late ? selectCell(s) : null}</td>}
                <td>
                  <span className={`badge ${statusClass[s.status] ?? ''}`}>{s.status}</span>
                  {s.error && <div className="field-error small cell-wrap">{s.error}</div>}
                </td>
                {metrics.map((m) => (
                  <td key={m} className="num">
                    {formatMetricValue(m, s.publicMetrics?.[m])}
                  </td>
                ))}
                <td className="cell-wrap">
                  {s.fileName}{' '}
                  <span className="muted small">{(s.size / 1024).toFixed(1)} KB</span>
                </td>
                <td className="small cell-wrap">{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
