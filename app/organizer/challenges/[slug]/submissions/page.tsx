import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { submissionStatus } from '@/db/schema';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { listChallengeSubmissions, listParticipants, submissionFilterSchema } from '@/lib/people/participants';
import { listTasks } from '@/lib/tasks/queries';
import { pageOrganizer } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { LocalTime } from '../../../../_components/local-time';
import { FilterSelect } from '../../../../_components/filter-select';
import { DataTable } from '../../../../_components/data-table';

export const metadata: Metadata = { title: 'Submissions' };

export default async function SubmissionsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  await pageOrganizer(`/organizer/challenges/${slug}/submissions`);
  const parsed = submissionFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : { task: undefined, team: undefined, status: undefined };
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug, includeArchived: true }));
  const [rows, taskRows, teamRows] = await Promise.all([
    listChallengeSubmissions({ db, challengeId: c.id, filter }),
    listTasks({ db, challengeId: c.id, includeArchived: true }),
    listParticipants({ db, challengeId: c.id }),
  ]);
  const failed = rows.filter((r) => r.status === 'failed').length;
  return (
    <>
      <p className="small">
        <Link href={`/organizer/challenges/${c.slug}`}>← {c.title}</Link> · <Link href={`/organizer/challenges/${c.slug}/participants`}>Participants</Link>
      </p>
      <h1>Submissions to {c.title}</h1>
      <form method="get" className="row" style={{ alignItems: 'end' }}>
        <FilterSelect label="Task" name="task" any="all tasks" value={filter.task} options={taskRows.map((t) => ({ value: t.slug, label: t.title }))} />
        <FilterSelect label="Team" name="team" any="all teams" value={filter.team} options={teamRows.map((t) => ({ value: t.name, label: t.name }))} />
        <FilterSelect label="Status" name="status" any="any status" value={filter.status} options={submissionStatus.map((s) => ({ value: s, label: s }))} />
        <button type="submit">Filter</button>
      </form>
      <p className="muted small">
        {rows.length === 500 ? 'The first 500' : rows.length} submission{rows.length === 1 ? '' : 's'}, {failed} failed; failed ones first, then newest first.
      </p>
      <DataTable columns={['sent', 'task', 'team', 'by', 'file', 'status', { label: 'public score', className: 'num' }]} testId="submissions">
        {rows.map((r) => (
          <tr key={r.id} data-status={r.status}>
            <td className="small">
              <Link href={`/submissions/${r.id}`}>
                <LocalTime date={r.createdAt} />
              </Link>
            </td>
            <td>{r.taskSlug}</td>
            <td>{r.teamName}</td>
            <td className="small">{r.userEmail}</td>
            <td className="small">
              {r.fileName} {r.late && <span className="badge">late</span>}
            </td>
            <td>
              {r.status === 'failed' ? <span className="badge warn">failed</span> : r.status}
              {r.error && <div className="small field-error">{r.error}</div>}
            </td>
            <td className="num">{r.publicScore ?? ''}</td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={7} className="muted">
              No submissions match.
            </td>
          </tr>
        )}
      </DataTable>
    </>
  );
}
