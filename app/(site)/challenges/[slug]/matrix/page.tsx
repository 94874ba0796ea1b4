import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { readTaskBoard } from '@/lib/leaderboard/task-board';
import { meanRankOf } from '@/lib/leaderboard/track';
import { boardVisibility } from '@/lib/leaderboard/visibility';
import { listTasks } from '@/lib/tasks/queries';
import { getCaller } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { MatrixTable, type MatrixRow, type MatrixTask } from './matrix-table';

export const metadata: Metadata = { title: 'Teams × tasks' };

/**
 * Does one method win everywhere, or does each team win on its own data? Every
 * team's score and rank on every task, from the same boards participants see
 * (public until the reveal, then private).
 */
export default async function MatrixPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getCaller();
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const organizer = seesEverything(caller);
  const kind = boardVisibility({ challenge, organizer, now: new Date() }).privateVisible && !organizer ? 'private' : 'public';
  const taskRows = await listTasks({ db, challengeId: challenge.id });
  const boards = await Promise.all(taskRows.map((t) => readTaskBoard({ db, challenge, task: t, board: kind, organizer })));
  const teams = new Map<string, MatrixRow>();
  const tasks: MatrixTask[] = taskRows.map((t, i) => ({ slug: t.slug, title: t.title, metric: t.metric, higherIsBetter: boards[i].higherIsBetter, teams: boards[i].rows.length }));
  boards.forEach((b, i) => {
    for (const r of b.rows) {
      const row = teams.get(r.teamId) ?? { teamId: r.teamId, team: r.team, baseline: r.baseline, meanRank: 0, cells: {} };
      row.cells[taskRows[i].slug] = { score: r.score, rank: r.rank };
      teams.set(r.teamId, row);
    }
  });
  // Mean rank over all tasks, a missing task ranked by the track board's rule (lib/leaderboard).
  for (const row of teams.values()) {
    row.meanRank = meanRankOf({ ranks: tasks.map((t) => row.cells[t.slug]?.rank), teamCount: teams.size });
  }
  return (
    <>
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link> · <Link href={`/challenges/${challenge.slug}/leaderboard`}>Leaderboards</Link>
      </p>
      <h1>Teams × tasks</h1>
      <p className="muted">
        Each cell is the team&apos;s best {kind} score on the task and its rank there, greener for better ranks; ✗ marks a task the team has
        no scored submission for (counted as last place, tied, in the mean rank). Click a column to sort by it.
      </p>
      <MatrixTable tasks={tasks} rows={[...teams.values()]} />
    </>
  );
}
