import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getChallengeBySlug, listTracks } from '@/lib/challenges/queries';
import { pageOrganizer } from '../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../_lib/not-found';
import { ChallengeForm } from '../../challenge-form';
import { updateChallengeAction } from '../../actions';
import { TrackForm } from './track-form';

export const metadata: Metadata = { title: 'Edit challenge' };

export default async function EditChallengePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageOrganizer(`/organizer/challenges/${slug}`);
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const trackRows = await listTracks({ db, challengeId: c.id });
  return (
    <>
      <p className="small">
        <Link href="/organizer">← Organizer console</Link> · <Link href={`/challenges/${c.slug}`}>Participant view</Link>
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
