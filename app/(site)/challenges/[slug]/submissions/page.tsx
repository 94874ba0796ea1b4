import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';
import { listMyChallengeSubmissions } from '@/lib/submissions/mine';
import { getTeamOf } from '@/lib/submissions/teams';
import { pageCaller } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { LocalTime } from '../../../../_components/local-time';
import { DisqualifiedNotice } from '../disqualified-notice';

export const metadata: Metadata = { title: 'My submissions' };

const statusClass: Record<string, string> = { scored: 'ok', failed: 'bad', queued: 'warn', scoring: 'warn' };

function size(n: number) {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** Every submission of the caller's team on every task of the challenge, with the file it sent. */
export default async function MyChallengeSubmissionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await pageCaller(`/challenges/${slug}/submissions`);
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const [team, rows] = await Promise.all([getTeamOf({ db, challengeId: challenge.id, userId: caller.userId }), listMyChallengeSubmissions({ db, caller, challenge })]);
  const showPrivate = rows.some((r) => r.privateScore !== null);
  return (
    <>
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link>
      </p>
      <h1>My submissions</h1>
      {team && <DisqualifiedNotice team={team} />}
      {!team ? (
        <p className="muted">You have not joined this challenge yet.</p>
      ) : (
        <>
          <p className="muted">
            Every submission of team <strong>{team.name}</strong> on every task, newest first per task. Scores are on the public part of the test set
            {showPrivate ? ', and on the private part now that it is revealed' : ''}. ★ marks a final selection.
          </p>
          <div className="table-wrap">
            <table data-testid="all-submissions">
              <thead>
                <tr>
                  <th>task</th>
                  <th>submitted</th>
                  <th>status</th>
                  <th className="num">public</th>
                  {showPrivate && <th className="num">private</th>}
                  <th>final</th>
                  <th>file</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={showPrivate ? 7 : 6} className="muted">
                      No submissions yet.
                    </td>
                  </tr>
                )}
                {rows.map((r) => (
                  <tr key={r.id} data-status={r.status} data-task={r.taskSlug}>
                    <td>
                      <Link href={`/challenges/${challenge.slug}/tasks/${r.taskSlug}`}>{r.taskTitle}</Link>
                    </td>
                    <td>
                      <Link href={`/submissions/${r.id}`}>
                        <LocalTime date={r.createdAt} />
                      </Link>
                      {r.late && <span className="badge warn">late</span>}
                    </td>
                    <td>
                      <span className={`badge ${statusClass[r.status] ?? ''}`}>{r.status}</span>
                      {r.error && <div className="field-error small">{r.error}</div>}
                    </td>
                    <td className="num" title={metricLabel(r.metric)}>
                      {formatMetricValue(r.metric, r.publicScore)} <span className="muted small">{metricLabel(r.metric)}</span>
                    </td>
                    {showPrivate && <td className="num">{formatMetricValue(r.metric, r.privateScore)}</td>}
                    <td>{r.selected ? <span title="final selection">★ final</span> : ''}</td>
                    <td>
                      <a href={`/api/v1/submissions/${r.id}/file`} download>
                        {r.fileName}
                      </a>{' '}
                      <span className="muted small">{size(r.size)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
