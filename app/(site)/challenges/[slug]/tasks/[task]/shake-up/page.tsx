import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { readTaskBoard } from '@/lib/leaderboard/task-board';
import { boardVisibility } from '@/lib/leaderboard/visibility';
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
  if (!boardVisibility({ challenge, organizer, now: new Date() }).privateVisible) {
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
  const n = Math.max(1, ...moves.map((m) => Math.max(m.from, m.to)));
  const H = 40 + n * 26;
  const W = 560;
  const y = (rank: number) => 24 + (rank - 1) * 26;
  return (
    <>
      {back}
      <h1>Shake-up: {task.title}</h1>
      <p className="muted">
        Left: rank on the public board (the {Math.round(task.publicFraction * 100)}% of test rows scored live). Right: final rank on the private
        rows. Green moved up, red moved down.
      </p>
      <svg viewBox={`0 0 ${W} ${H}`} style={{ width: '100%', maxWidth: W, background: '#fff', border: '1px solid var(--line)', borderRadius: 8 }} data-testid="shake-up" role="img" aria-label="Public to private rank changes">
        <text x={150} y={14} fontSize={11} textAnchor="middle" fill="#5d6675">
          public
        </text>
        <text x={410} y={14} fontSize={11} textAnchor="middle" fill="#5d6675">
          private
        </text>
        {moves.map((m) => {
          const color = m.to < m.from ? '#177245' : m.to > m.from ? '#b42318' : '#5d6675';
          return (
            <g key={m.team}>
              <line x1={150} y1={y(m.from)} x2={410} y2={y(m.to)} stroke={color} strokeWidth={2} />
              <text x={140} y={y(m.from) + 4} fontSize={12} textAnchor="end">
                {m.from}. {m.team}
              </text>
              <text x={420} y={y(m.to) + 4} fontSize={12}>
                {m.to}. {m.team} {m.from !== m.to ? `(${m.from > m.to ? '+' : '−'}${Math.abs(m.from - m.to)})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </>
  );
}
