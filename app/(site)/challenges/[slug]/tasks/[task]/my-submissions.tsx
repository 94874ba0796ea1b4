import Link from 'next/link';
import { AutoRefresh } from '../../../../../_components/auto-refresh';
import { LocalTime } from '../../../../../_components/local-time';
import { formatMetric } from '../../../../../_components/metric-value';

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
              <th>file</th>
              <th>status</th>
              {metrics.map((m) => (
                <th key={m} className="num">
                  {m === ranking ? <strong>{m}</strong> : m}
                </th>
              ))}
              <th>description</th>
              {selectCell && <th>final</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4 + metrics.length} className="muted">
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
                <td>
                  {s.fileName} <span className="muted small">{(s.size / 1024).toFixed(1)} KB</span>
                </td>
                <td>
                  <span className={`badge ${statusClass[s.status] ?? ''}`}>{s.status}</span>
                  {s.error && <div className="field-error small">{s.error}</div>}
                </td>
                {metrics.map((m) => (
                  <td key={m} className="num">
                    {formatMetric(s.publicMetrics?.[m])}
                  </td>
                ))}
                <td className="small">{s.description}</td>
                {selectCell && <td>{s.status === 'scored' && !s.late ? selectCell(s) : null}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
