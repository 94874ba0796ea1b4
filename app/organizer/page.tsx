import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { listChallenges } from '@/lib/challenges/queries';
import { pageOrganizer } from '../_lib/caller';
import { LocalTime } from '../_components/local-time';
import { ChallengeForm } from './challenge-form';
import { createChallengeAction } from './actions';
import { DataTable } from '../_components/data-table';

export const metadata: Metadata = { title: 'Organizer console' };

export default async function OrganizerPage() {
  await pageOrganizer('/organizer');
  const rows = await listChallenges({ db: await getDb(), includeArchived: true });
  return (
    <>
      <h1>Organizer console</h1>
      <p className="small">
        <Link href="/organizer/jobs">Scoring jobs</Link> (stuck and failed jobs, with their faults) · <Link href="/organizer/users">Users</Link> (roles, disabled accounts, password-reset links) · <Link href="/docs">Documentation</Link> ·{' '}
        <Link href="/docs/running-a-challenge">Running a challenge, from kick-off to winners</Link>
      </p>
      <h2>Challenges</h2>
      <DataTable columns={['Challenge', 'Start', 'End']}>
        {rows.map((c) => (
          <tr key={c.id}>
            <td>
              <Link href={`/organizer/challenges/${c.slug}`}>{c.title}</Link> <code className="muted">{c.slug}</code>
              {c.archivedAt && <span className="badge warn">archived</span>}
            </td>
            <td>
              <LocalTime date={c.startAt} withZone />
            </td>
            <td>
              <LocalTime date={c.endAt} withZone />
            </td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              No challenges yet.
            </td>
          </tr>
        )}
      </DataTable>
      <h2>New challenge</h2>
      <div className="card">
        <ChallengeForm action={createChallengeAction} submitLabel="Create challenge" />
      </div>
    </>
  );
}
