import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { boardViewFor, seesEverything } from '@/lib/challenges/viewing';
import { shakeUpChart } from '../../../../../../_lib/charts';
import { Chart } from '../../../../../../_components/chart';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { readTaskBoard } from '@/lib/leaderboard/task-board';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { getCaller } from '../../../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../../../_lib/not-found';

export const metadata: Metadata = { title: 'Shake-up' };

/** After the reveal: how far each team moved from its public rank to its private (final) rank. */
export default async function ShakeUpPage({ params }: { params: Promise<{ slug: string; task: string }> }) {
  const { slug, task: taskSlug } = await params;
  const caller = await getCaller();
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const task = await notFoundOnPodiumError(getTaskBySlug({ db, challengeId: challenge.id, slug: taskSlug }));
  const organizer = seesEverything(caller);
  const back = (
    <p className="small">
      <Link href={`/challenges/${challenge.slug}/tasks/${task.slug}/leaderboard`}>← {task.title} leaderboard</Link>
    </p>
  );
  if (!boardViewFor({ caller, challenge }).privateVisible) {
    return (
      <>
        {back}
        <h1>Shake-up</h1>
        <p className="card">The shake-up chart appears when the private leaderboard is revealed.</p>
      </>
    );
  }
  const [pub, priv] = await Promise.all(
    (['public', 'private'] as const).map((board) => readTaskBoard({ db, challenge, task, board, organizer })),
  );
  const publicRank = new Map(pub.rows.map((r) => [r.teamId, r.rank]));
  const moves = priv.rows
    .filter((r) => publicRank.has(r.teamId))
    .map((r) => ({ team: r.team, from: publicRank.get(r.teamId)!, to: r.rank }));
  const svg = shakeUpChart({ moves });
  return (
    <>
      {back}
      <h1>Shake-up: {task.title}</h1>
      <p className="muted">
        Left: rank on the public board (the {Math.round(task.publicFraction * 100)}% of test rows scored live). Right: final rank on the private
        rows. Green moved up, red moved down.
      </p>
      {svg ? <Chart svg={svg} testId="shake-up" caption="▲ moved up, ▼ moved down, = kept its rank." /> : <p className="muted">No team is on both boards yet.</p>}
    </>
  );
}
