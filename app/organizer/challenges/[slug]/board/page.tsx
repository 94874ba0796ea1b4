import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { revealStatus } from '@/lib/challenges/phase';
import { getChallengeBySlug, listTracks } from '@/lib/challenges/queries';
import { listBoardAudit, listTeamsForOrganizer } from '@/lib/leaderboard/admin';
import { listTasks } from '@/lib/tasks/queries';
import { pageOrganizer } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { LocalTime } from '../../../../_components/local-time';
import { DisqualifyForm, OpButton, RestoreForm } from './board-forms';
import { DataTable } from '../../../../_components/data-table';

export const metadata: Metadata = { title: 'Boards' };

export default async function BoardAdminPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageOrganizer(`/organizer/challenges/${slug}/board`);
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug, includeArchived: true }));
  const [teamRows, audit, taskRows, trackRows] = await Promise.all([
    listTeamsForOrganizer({ db, challengeId: c.id }),
    listBoardAudit({ db, challengeId: c.id }),
    listTasks({ db, challengeId: c.id, includeArchived: true }),
    listTracks({ db, challengeId: c.id }),
  ]);
  const now = new Date();
  const reveal = revealStatus(c, now);
  const frozen = c.publicFrozenAt !== null && c.publicFrozenAt <= now;
  const api = `/api/v1/challenges/${c.slug}`;
  return (
    <>
      <p className="small">
        <Link href={`/organizer/challenges/${c.slug}`}>← {c.title}</Link> · <Link href={`/challenges/${c.slug}/leaderboard`}>Participant view</Link>
      </p>
      <h1>Boards of {c.title}</h1>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Public board</h2>
        <p data-testid="freeze-state">
          {frozen ? (
            <>
              Frozen at <LocalTime date={c.publicFrozenAt!} withZone />
              {reveal.revealed
                ? ': the private board is out, so participants see every score again.'
                : ': participants see submissions up to then, until the private board is out.'}
            </>
          ) : (
            'Live.'
          )}
        </p>
        <OpButton challenge={c.slug} kind="freeze" op={frozen ? 'unfreeze' : 'freeze'} label={frozen ? 'Unfreeze' : 'Freeze now'} />
      </div>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Private board</h2>
        <p data-testid="reveal-state">
          {reveal.sentence} <LocalTime date={reveal.at!} withZone />
          {reveal.sentence.includes('(') ? ').' : '.'}
        </p>
        <div className="row">
          {!c.privateRevealedAt && <OpButton challenge={c.slug} kind="reveal" op="reveal" label="Reveal now" />}
          {c.privateRevealedAt && <OpButton challenge={c.slug} kind="reveal" op="hide" label="Withdraw manual reveal" danger />}
          {c.autoReveal ? <OpButton challenge={c.slug} kind="reveal" op="hold" label="Hold the automatic reveal" /> : <OpButton challenge={c.slug} kind="reveal" op="auto" label="Reveal at the end" />}
        </div>
      </div>
      <h2>Export</h2>
      <ul>
        {taskRows.map((t) => (
          <li key={t.id}>
            {t.title}:{' '}
            {(['public', 'private', 'late'] as const).map((b) => (
              <span key={b}>
                <a href={`${api}/tasks/${t.slug}/leaderboard?board=${b}&format=csv`}>{b} CSV</a>{' '}
              </span>
            ))}
          </li>
        ))}
        {trackRows.map((t) => (
          <li key={t.id}>
            {t.title} track: <a href={`${api}/tracks/${t.slug}/leaderboard?board=public&format=csv`}>public CSV</a>{' '}
            <a href={`${api}/tracks/${t.slug}/leaderboard?board=private&format=csv`}>private CSV</a>
          </li>
        ))}
      </ul>
      <h2>Teams</h2>
      <DataTable columns={['team', 'status', '']}>
        {teamRows.map((t) => (
          <tr key={t.id} data-team={t.name}>
            <td>
              {t.name} {t.isBaseline && <span className="badge">baseline</span>}
            </td>
            <td>{t.disqualifiedAt ? <span className="badge warn">disqualified: {t.disqualifiedReason}</span> : 'on the boards'}</td>
            <td>{t.disqualifiedAt ? <RestoreForm challenge={c.slug} teamId={t.id} team={t.name} /> : <DisqualifyForm challenge={c.slug} teamId={t.id} team={t.name} />}</td>
          </tr>
        ))}
      </DataTable>
      <h2>Audit log</h2>
      <ul className="small">
        {audit.map((a, i) => (
          <li key={i}>
            <LocalTime date={a.at} /> · {a.actor ?? 'someone'} · <code>{a.action}</code> {a.subject}
            {a.detail && typeof a.detail === 'object' && 'reason' in a.detail ? ` — ${String((a.detail as { reason: unknown }).reason)}` : ''}
          </li>
        ))}
        {audit.length === 0 && <li className="muted">Nothing yet.</li>}
      </ul>
    </>
  );
}
