import type { Metadata } from 'next';
import Link from 'next/link';
import { metricLabel } from '@/lib/scoring/metrics/labels';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug, listTracks } from '@/lib/challenges/queries';
import { readTaskBoard } from '@/lib/leaderboard/task-board';
import { boardVisibility } from '@/lib/leaderboard/visibility';
import { listTasks } from '@/lib/tasks/queries';
import { getCaller } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { AutoRefresh } from '../../../../_components/auto-refresh';
import { fmtScore } from './format';
import { ViewerParts } from './viewer-parts';
import { getAnonymousBoardStamp } from '@/lib/leaderboard/board-version';
import { privateBoardSentence } from '@/lib/challenges/phase';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).slug} leaderboards` };
}

/** Every board of a challenge: the track boards, and each task's leader on the public board. */
export default async function LeaderboardsPage({ params }: Props) {
  const { slug } = await params;
  const caller = await getCaller();
  const db = await getDb();
  const stamp = (await getAnonymousBoardStamp({ db, slug })) ?? ''; // before the boards (see the task board page)
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const organizer = seesEverything(caller);
  const now = new Date();
  const seen = boardVisibility({ challenge, organizer, now });
  const [trackRows, taskRows] = await Promise.all([listTracks({ db, challengeId: challenge.id }), listTasks({ db, challengeId: challenge.id })]);
  const boards = await Promise.all(taskRows.map((task) => readTaskBoard({ db, challenge, task, board: 'public', organizer, now })));
  return (
    <>
      <AutoRefresh everyMs={5000} stampUrl={`/api/v1/challenges/${challenge.slug}/board-version`} stamp={stamp} />
      <ViewerParts challenge={challenge.slug} stamp={stamp} rendered={caller ? 'viewer' : 'shared'} />
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link>
      </p>
      <h1>Leaderboards</h1>
      <p className="muted">
        {privateBoardSentence(challenge, { organizer, now })}
        {seen.publicCutoff && ' The public boards are frozen.'}
      </p>
      {trackRows.map((track) => (
        <section key={track.id}>
          <h2>
            <Link href={`/challenges/${challenge.slug}/tracks/${track.slug}`}>{track.title} track</Link>
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>task</th>
                  <th>metric</th>
                  <th>leader</th>
                  <th className="num">score</th>
                  <th className="num">teams</th>
                </tr>
              </thead>
              <tbody>
                {taskRows.map((task, i) =>
                  task.trackSlug !== track.slug ? null : (
                    <tr key={task.id}>
                      <td>
                        <Link href={`/challenges/${challenge.slug}/tasks/${task.slug}/leaderboard`}>{task.title}</Link>
                      </td>
                      <td title={task.metric}>{metricLabel(task.metric)}</td>
                      <td>{boards[i].rows[0]?.team ?? '—'}</td>
                      <td className="num">{fmtScore(boards[i].rows[0]?.score, task.metric)}</td>
                      <td className="num">{boards[i].rows.length}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
