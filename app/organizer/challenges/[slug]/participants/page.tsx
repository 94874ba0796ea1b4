import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { listParticipants } from '@/lib/people/participants';
import { listTasks } from '@/lib/tasks/queries';
import { pageOrganizer } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { LocalTime } from '../../../../_components/local-time';
import { DataTable } from '../../../../_components/data-table';

export const metadata: Metadata = { title: 'Participants' };

export default async function ParticipantsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageOrganizer(`/organizer/challenges/${slug}/participants`);
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug, includeArchived: true }));
  const [teamRows, taskRows] = await Promise.all([listParticipants({ db, challengeId: c.id }), listTasks({ db, challengeId: c.id, includeArchived: true })]);
  const people = teamRows.reduce((n, t) => n + t.members.length, 0);
  return (
    <>
      <p className="small">
        <Link href={`/organizer/challenges/${c.slug}`}>← {c.title}</Link> · <Link href={`/organizer/challenges/${c.slug}/submissions`}>All submissions</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/board`}>Disqualify or restore a team</Link>
      </p>
      <h1>Participants of {c.title}</h1>
      <p className="muted">
        {teamRows.length} team{teamRows.length === 1 ? '' : 's'}, {people} {people === 1 ? 'person' : 'people'}. Submissions per task count every file
        sent, failed ones included (in brackets).
      </p>
      <DataTable
        testId="participants"
        columns={['team', 'members (rules accepted at)', ...taskRows.map((t) => ({ label: t.title, className: 'num', key: t.id })), 'last activity', 'status']}
      >
        {teamRows.map((t) => (
          <tr key={t.id} data-team={t.name}>
            <td>
              <Link href={`/organizer/challenges/${c.slug}/submissions?team=${encodeURIComponent(t.name)}`}>{t.name}</Link>{' '}
              {t.isBaseline && <span className="badge">baseline</span>}
            </td>
            <td className="small">
              {t.members.map((m) => (
                <div key={m.userId}>
                  {m.email}
                  {m.name ? ` (${m.name})` : ''} · {m.acceptedAt ? <LocalTime date={m.acceptedAt} /> : <span className="muted">rules not accepted</span>}
                  {m.disabledAt && <span className="badge warn"> account disabled</span>}
                </div>
              ))}
              {t.members.length === 0 && <span className="muted">no members</span>}
            </td>
            {taskRows.map((task) => {
              const n = t.perTask[task.slug];
              return (
                <td key={task.id} className="num">
                  {n ? n.submissions : 0}
                  {n?.failed ? <span className="muted small"> ({n.failed} failed)</span> : null}
                </td>
              );
            })}
            <td className="small">
              <LocalTime date={t.lastActivityAt} />
            </td>
            <td>{t.disqualifiedAt ? <span className="badge warn">disqualified: {t.disqualifiedReason}</span> : 'active'}</td>
          </tr>
        ))}
        {teamRows.length === 0 && (
          <tr>
            <td colSpan={4 + taskRows.length} className="muted">
              Nobody has joined yet.
            </td>
          </tr>
        )}
      </DataTable>
    </>
  );
}
