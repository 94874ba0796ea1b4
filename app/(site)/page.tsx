import Link from 'next/link';
import { getDb } from '@/db';
import { listChallenges } from '@/lib/challenges/queries';
import { challengePhase } from '@/lib/challenges/phase';
import { LocalTime } from '../_components/local-time';

export default async function HomePage() {
  const rows = await listChallenges({ db: await getDb() });
  return (
    <>
      <h1>Challenges</h1>
      <p className="muted">Classification and record-matching challenges on multimodal tabular data.</p>
      {rows.length === 0 && <div className="card muted">No challenges yet. Organizers create them in the console.</div>}
      <div className="grid">
        {rows.map((c) => {
          const phase = challengePhase(c);
          return (
            <Link key={c.id} href={`/challenges/${c.slug}`} className="card" style={{ color: 'inherit' }}>
              <div className="row">
                <strong>{c.title}</strong>
                <span className="spacer" />
                <span className={`badge ${phase === 'running' ? 'ok' : phase === 'ended' ? '' : 'warn'}`}>{phase}</span>
              </div>
              <div className="muted small">
                <LocalTime date={c.startAt} /> → <LocalTime date={c.endAt} />
              </div>
            </Link>
          );
        })}
      </div>
    </>
  );
}
