import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getChallengeBySlug, listTracks } from '@/lib/challenges/queries';
import { pageOrganizer } from '../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../_lib/not-found';
import { ChallengeForm } from '../../challenge-form';
import { updateChallengeAction } from '../../actions';
import { TrackForm } from './track-form';
import { TaskUpload } from './task-upload';
import { listTasks } from '@/lib/tasks/queries';

export const metadata: Metadata = { title: 'Edit challenge' };

export default async function EditChallengePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageOrganizer(`/organizer/challenges/${slug}`);
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug, includeArchived: true }));
  const [trackRows, taskRows] = await Promise.all([listTracks({ db, challengeId: c.id }), listTasks({ db, challengeId: c.id, includeArchived: true })]);
  return (
    <>
      <p className="small">
        <Link href="/organizer">← Organizer console</Link> · <Link href={`/challenges/${c.slug}`}>Participant view</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/board`}>Leaderboard controls</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/rescore`}>Re-score</Link>
      </p>
      <h1>{c.title}</h1>
      <h2>Tracks</h2>
      <ul>
        {trackRows.map((t) => (
          <li key={t.id}>
            <strong>{t.title}</strong> <code className="muted">{t.slug}</code>
          </li>
        ))}
        {trackRows.length === 0 && <li className="muted">No tracks yet.</li>}
      </ul>
      <div className="card">
        <TrackForm challenge={c.slug} />
      </div>
      <h2>Tasks</h2>
      <ul>
        {taskRows.map((t) => (
          <li key={t.id}>
            <Link href={`/challenges/${c.slug}/tasks/${t.slug}`}>{t.title}</Link> <code className="muted">{t.slug}</code>{' '}
            <span className="muted small">
              {t.type} · {t.metric} · track {t.trackSlug}
            </span>
          </li>
        ))}
        {taskRows.length === 0 && <li className="muted">No tasks yet.</li>}
      </ul>
      <div className="card">
        <p className="muted small" style={{ marginTop: 0 }}>
          A zip of a task folder as SPEC describes it (task.json, data files in CSV or Parquet, optional images/). The same import
          as <code>npx podium task add &lt;folder&gt; --challenge {c.slug}</code>: it is checked whole, and a folder with an error
          stores nothing.
        </p>
        <TaskUpload challenge={c.slug} />
      </div>
      <h2>Settings</h2>
      <div className="card">
        <ChallengeForm
          action={updateChallengeAction}
          submitLabel="Save"
          initial={{
            ...c,
            startAt: c.startAt.toISOString(),
            endAt: c.endAt.toISOString(),
            mergeDeadline: c.mergeDeadline?.toISOString() ?? null,
          }}
        />
      </div>
    </>
  );
}
