import type { Metadata } from 'next';
import Link from 'next/link';
import { formatInterval, metricLabel } from '@/lib/scoring/metrics/labels';
import { getDb } from '@/db';
import { getSubmissionForCaller } from '@/lib/submissions/queries';
import { pageCaller } from '../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../_lib/not-found';
import { AutoRefresh } from '../../../_components/auto-refresh';
import { LocalTime } from '../../../_components/local-time';
import { formatMetric } from '../../../_components/metric-value';
import { ConfusionMatrix, MatchCounts } from './confusion-matrix';
import { PerClassTable, PrCurve } from './per-class';
import { CompareForm } from './compare-form';
import { MethodForm } from './method-form';
import { SUGGESTED_TAGS } from '@/lib/submissions/methods';
import { listTeamSubmissions } from '@/lib/submissions/queries';

export const metadata: Metadata = { title: 'Submission' };

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await pageCaller(`/submissions/${id}`);
  const db = await getDb();
  const s = await notFoundOnPodiumError(getSubmissionForCaller({ db, caller, id }));
  const others =
    s.status === 'scored'
      ? (await listTeamSubmissions({ db, caller, taskId: s.taskId }))
          .filter((o) => o.status === 'scored' && o.id !== s.id)
          .map((o) => ({ id: o.id, label: `${o.fileName} — ${o.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` }))
      : [];
  const parts: [string, Record<string, number> | null][] = [
    ['public', s.publicMetrics],
    ['private', s.privateMetrics],
    ['all test rows', s.allMetrics],
  ];
  const shown = parts.filter(([, m]) => m && Object.keys(m).length > 0) as [string, Record<string, number>][];
  const names = [...new Set(shown.flatMap(([, m]) => Object.keys(m)))];
  return (
    <>
      <AutoRefresh active={s.status === 'queued' || s.status === 'scoring'} />
      <p className="small">
        <Link href={`/challenges/${s.challengeSlug}/tasks/${s.taskSlug}#submit`}>← {s.taskTitle}</Link>
      </p>
      <h1>
        {s.fileName} <span className={`badge ${s.status === 'scored' ? 'ok' : s.status === 'failed' ? 'bad' : 'warn'}`}>{s.status}</span>
        {s.late && <span className="badge warn">late</span>}
      </h1>
      <p className="muted">
        Team {s.teamName} · <LocalTime date={s.createdAt} withZone />
        {s.scoredAt && (
          <>
            {' '}
            · scored <LocalTime date={s.scoredAt} />
          </>
        )}{' '}
        · {(s.size / 1024).toFixed(1)} KB
      </p>
      {s.description && <div className="card">{s.description}</div>}
      {s.error && <p className="alert error">{s.error}</p>}
      {shown.length > 0 && (
        <div className="table-wrap" style={{ maxWidth: 720 }}>
          <table data-testid="submission-metrics">
            <thead>
              <tr>
                <th>metric</th>
                {shown.map(([p]) => (
                  <th key={p} className="num">
                    {p}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((n) => (
                <tr key={n}>
                  <td title={n}>
                    {n === s.metric ? (
                      <>
                        <strong>{metricLabel(n)}</strong> <span className="badge accent">ranked</span>
                      </>
                    ) : (
                      metricLabel(n)
                    )}
                  </td>
                  {shown.map(([p, m]) => {
                    const iv = n === s.metric ? s.intervals[p as 'public' | 'private'] : undefined;
                    return (
                      <td key={p} className="num">
                        {formatMetric(m[n], n)}
                        {iv && (
                          <div className="muted small" title="95% bootstrap interval (1,000 resamples)">
                            {formatInterval(n, iv)}
                          </div>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!s.privateMetrics && s.status === 'scored' && (
        <p className="muted small">Private scores stay hidden until the final leaderboard is revealed.</p>
      )}
      {s.details && (s.details.value.kind === 'classification' || s.details.value.kind === 'matching') && (
        <>
          <h2>{s.details.value.kind === 'classification' ? 'Confusion matrix' : 'Matches'}</h2>
          <p className="muted small">On {s.details.part === 'public' ? 'the public test rows' : 'all test rows'}.</p>
          {s.details.value.kind === 'classification' ? <ConfusionMatrix d={s.details.value} /> : <MatchCounts d={s.details.value} />}
          {s.details.value.kind === 'classification' && (
            <>
              <h3>Per class</h3>
              <PerClassTable d={s.details.value} />
            </>
          )}
        </>
      )}
      {s.prCurve && s.prCurve.length > 1 && (
        <>
          <h3>Precision/recall curve (thresholds on the score column)</h3>
          <PrCurve points={s.prCurve} />
        </>
      )}
      <CompareForm id={s.id} others={others} />
      {s.status === 'scored' && caller.role !== 'organizer' && (
        <>
          <h2>Method</h2>
          <MethodForm submissionId={s.id} notes={s.methodNotes} tags={s.tags} suggested={SUGGESTED_TAGS} />
        </>
      )}
      <p className="muted small">
        Metric code {s.metricVersion ?? '—'} · answer key{' '}
        {s.answerKeyHash ? <code title="SHA-256 of the answer key (organizers only)">{s.answerKeyHash.slice(0, 12)}</code> : <code title="Changes when the answer key changes">{s.answerKeyTag ?? '—'}</code>}
      </p>
    </>
  );
}
