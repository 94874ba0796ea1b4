import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { rescoreComparison } from '@/lib/submissions/rescore';
import { listTasks } from '@/lib/tasks/queries';
import { pageOrganizer } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { AutoRefresh } from '../../../../_components/auto-refresh';
import { LocalTime } from '../../../../_components/local-time';
import { formatMetric } from '../../../../_components/metric-value';
import { RescoreButton } from './rescore-button';

export const metadata: Metadata = { title: 'Re-score' };

function delta(a: number | null, b: number | null) {
  if (a === null || b === null) return '';
  const d = b - a;
  return d === 0 ? '=' : `${d > 0 ? '+' : ''}${d.toFixed(5)}`;
}

export default async function RescorePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ task?: string }> }) {
  const { slug } = await params;
  const sp = await searchParams;
  await pageOrganizer(`/organizer/challenges/${slug}/rescore`);
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug, includeArchived: true }));
  const taskRows = await listTasks({ db, challengeId: challenge.id, includeArchived: true });
  const task = taskRows.find((t) => t.slug === sp.task) ?? taskRows[0];
  const rows = task ? await rescoreComparison({ db, taskId: task.id, metric: task.metric }) : [];
  return (
    <>
      <AutoRefresh active={rows.some((r) => r.status === 'queued' || r.status === 'scoring')} />
      <p className="small">
        <Link href={`/organizer/challenges/${slug}`}>← {challenge.title}</Link>
      </p>
      <h1>Re-score</h1>
      <p className="muted">
        After fixing an answer key (re-import the task with replace) or the metric code, score submissions again. Their previous
        scores are kept and shown beside the new ones.
      </p>
      <div className="row">
        {taskRows.map((t) => (
          <Link key={t.id} className={`badge ${t.id === task?.id ? 'accent' : ''}`} href={`?task=${t.slug}`}>
            {t.slug}
          </Link>
        ))}
      </div>
      {task && (
        <>
          <h2>
            {task.title} <span className="muted small">ranked by {task.metric}</span>
          </h2>
          <RescoreButton challenge={slug} task={task.slug} label="Re-score every submission of this task" />
          <div className="table-wrap" style={{ marginTop: '1rem' }}>
            <table data-testid="rescore-table">
              <thead>
                <tr>
                  <th>team</th>
                  <th>file</th>
                  <th>status</th>
                  <th className="num">public before</th>
                  <th className="num">public now</th>
                  <th className="num">Δ</th>
                  <th className="num">private before</th>
                  <th className="num">private now</th>
                  <th className="num">Δ</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => [
                  <tr key={r.id}>
                    <td>{r.team}</td>
                    <td>
                      <Link href={`/submissions/${r.id}`}>{r.fileName}</Link>
                    </td>
                    <td>{r.status}</td>
                    <td className="num">{r.rescored ? formatMetric(r.oldPublic) : ''}</td>
                    <td className="num">{formatMetric(r.newPublic)}</td>
                    <td className="num">{r.rescored ? delta(r.oldPublic, r.newPublic) : ''}</td>
                    <td className="num">{r.rescored ? formatMetric(r.oldPrivate) : ''}</td>
                    <td className="num">{formatMetric(r.newPrivate)}</td>
                    <td className="num">{r.rescored ? delta(r.oldPrivate, r.newPrivate) : ''}</td>
                    <td>
                      <RescoreButton challenge={slug} task={task.slug} submissionId={r.id} label="Re-score" />
                    </td>
                  </tr>,
                  r.versions.length > 0 && (
                    <tr key={`${r.id}-versions`} className="small">
                      <td colSpan={10}>
                        <details data-testid="score-versions">
                          <summary>
                            {r.versions.length + 1} versions of this score (every re-score is kept)
                          </summary>
                          <table>
                            <thead>
                              <tr>
                                <th>scored at</th>
                                <th className="num">public</th>
                                <th className="num">private</th>
                                <th>metric version</th>
                                <th>answer key</th>
                              </tr>
                            </thead>
                            <tbody>
                              <tr>
                                <td>{r.scoredAt ? <LocalTime date={r.scoredAt} /> : r.status} (now)</td>
                                <td className="num">{formatMetric(r.newPublic)}</td>
                                <td className="num">{formatMetric(r.newPrivate)}</td>
                                <td>
                                  <code>{r.metricVersion ?? ''}</code>
                                </td>
                                <td>
                                  <code>{r.answerKeyHash?.slice(0, 12) ?? ''}</code>
                                </td>
                              </tr>
                              {r.versions.map((v, i) => (
                                <tr key={i}>
                                  <td>{v.scoredAt ? <LocalTime date={v.scoredAt} /> : ''}</td>
                                  <td className="num">{formatMetric(v.public)}</td>
                                  <td className="num">{formatMetric(v.private)}</td>
                                  <td>
                                    <code>{v.metricVersion ?? ''}</code>
                                  </td>
                                  <td>
                                    <code>{v.answerKeyHash?.slice(0, 12) ?? ''}</code>
                                  </td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </details>
                      </td>
                    </tr>
                  ),
                ])}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
