import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getQueueHealth, listTroubledJobs } from '@/lib/submissions/queue-health';
import { pageOrganizer } from '../../_lib/caller';
import { LocalTime } from '../../_components/local-time';
import { RescoreButton } from '../challenges/[slug]/rescore/rescore-button';
import { DataTable } from '../../_components/data-table';

export const metadata: Metadata = { title: 'Scoring jobs' };

/** Jobs no worker is moving and jobs that failed on our side, with the fault behind each (participants see only a plain reason). */
export default async function JobsPage() {
  await pageOrganizer('/organizer/jobs');
  const db = await getDb();
  const [health, jobs] = await Promise.all([getQueueHealth({ db }), listTroubledJobs({ db })]);
  return (
    <>
      <p className="small">
        <Link href="/organizer">← Organizer console</Link>
      </p>
      <h1>Scoring jobs</h1>
      <p data-testid="queue-health">
        {health.queued} queued · {health.scoring} scoring · <strong>{health.stuck} stuck</strong> · <strong>{health.failedOnOurSide24h} failed on our side</strong> in the
        last 24 h
      </p>
      <p className="muted small">
        A job is stuck when it has been queued for over 5 minutes (no worker is taking jobs) or its worker stopped renewing its lease. Files rejected for
        their own faults are not listed: their teams see the rule, row and value.
      </p>
      <DataTable columns={['Submission', 'Task', 'Team', 'State', 'Attempts', 'Fault', 'Created', '']}>
        {jobs.map((j) => (
          <tr key={j.id}>
            <td>
              <Link href={`/submissions/${j.id}`}>
                <code>{j.id.slice(0, 8)}</code>
              </Link>
            </td>
            <td>
              {j.challenge}/{j.task}
            </td>
            <td>{j.team}</td>
            <td>{j.state === 'stuck' ? `stuck (${j.status})` : 'failed'}</td>
            <td>{j.attempts}</td>
            <td className="small">{j.fault ?? (j.state === 'stuck' ? 'no worker is moving it' : '')}</td>
            <td>
              <LocalTime date={j.createdAt} />
            </td>
            <td>{j.state === 'failed' && <RescoreButton challenge={j.challenge} task={j.task} submissionId={j.id} label="Re-score" />}</td>
          </tr>
        ))}
        {jobs.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">
              No stuck or failed jobs.
            </td>
          </tr>
        )}
      </DataTable>
    </>
  );
}
