import type { Metadata } from 'next';
import Link from 'next/link';
import { formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { readTaskBoard } from '@/lib/leaderboard/task-board';
import { boardVisibility } from '@/lib/leaderboard/visibility';
import { methodsOf } from '@/lib/submissions/methods';
import { listTasks } from '@/lib/tasks/queries';
import { getCaller } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { Markdown } from '../../../../_components/markdown';
import { LocalTime } from '../../../../_components/local-time';

export const metadata: Metadata = { title: 'Methods' };

const TOP = 5;

/** After the end: what the top teams did, in their own words, and which tags the winners share. */
export default async function MethodsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getCaller();
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const now = new Date();
  const organizer = seesEverything(caller);
  const back = (
    <p className="small">
      <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link>
    </p>
  );
  if (now < challenge.endAt && !organizer) {
    return (
      <>
        {back}
        <h1>Methods</h1>
        <p className="card">
          The top teams&apos; method notes appear here after the end (<LocalTime date={challenge.endAt} withZone />).
        </p>
      </>
    );
  }
  const kind = boardVisibility({ challenge, organizer, now }).privateVisible ? 'private' : 'public';
  const taskRows = await listTasks({ db, challengeId: challenge.id });
  const boards = await Promise.all(taskRows.map((t) => readTaskBoard({ db, challenge, task: t, board: kind, organizer })));
  const tops = boards.map((b) => b.rows.slice(0, TOP));
  const methods = await methodsOf({ db, submissionIds: tops.flat().map((r) => r.submissionId) });
  const tagCounts = new Map<string, { winners: number; top: number }>();
  for (const rows of tops) {
    for (const r of rows) {
      for (const tag of methods.get(r.submissionId)?.tags ?? []) {
        const c = tagCounts.get(tag) ?? { winners: 0, top: 0 };
        c.top++;
        if (r.rank === 1) c.winners++;
        tagCounts.set(tag, c);
      }
    }
  }
  const tags = [...tagCounts.entries()].sort((a, b) => b[1].winners - a[1].winners || b[1].top - a[1].top);
  return (
    <>
      {back}
      <h1>Methods</h1>
      <p className="muted">
        The top {TOP} teams of each task on the {kind} board, with the notes and tags they attached to the submission that counts.
      </p>
      <h2>Tags</h2>
      {tags.length === 0 ? (
        <p className="muted">No tags yet.</p>
      ) : (
        <div className="table-wrap" style={{ maxWidth: 560 }}>
          <table data-testid="method-tags">
            <thead>
              <tr>
                <th>tag</th>
                <th className="num">task winners using it</th>
                <th className="num">top-{TOP} entries using it</th>
              </tr>
            </thead>
            <tbody>
              {tags.map(([tag, c]) => (
                <tr key={tag}>
                  <td>{tag}</td>
                  <td className="num">{c.winners}</td>
                  <td className="num">{c.top}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {taskRows.map((t, i) => (
        <section key={t.id}>
          <h2>{t.title}</h2>
          {tops[i].length === 0 && <p className="muted">No scored submissions.</p>}
          {tops[i].map((r) => {
            const m = methods.get(r.submissionId);
            return (
              <div className="card" key={r.teamId}>
                <div className="row">
                  <strong>
                    #{r.rank} {r.team}
                  </strong>
                  <span className="muted">
                    {metricLabel(t.metric)} {formatMetricValue(t.metric, r.score)}
                  </span>
                  {(m?.tags ?? []).map((tag) => (
                    <span key={tag} className="badge accent">
                      {tag}
                    </span>
                  ))}
                </div>
                {m?.notes ? <Markdown text={m.notes} /> : <p className="muted small">No notes.</p>}
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}
