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
import { listAnnouncements, listSeasonAudit, taskArchiveImpact } from '@/lib/challenges/season';
import { listParticipants } from '@/lib/people/participants';
import { metrics } from '@/lib/scoring/metrics';
import { LocalTime } from '../../../_components/local-time';
import { Markdown } from '../../../_components/markdown';
import { AnnouncementForm, ArchiveChallengeForm, ArchiveTaskForm, DeleteAnnouncementForm, TaskEditForm } from './season-forms';

export const metadata: Metadata = { title: 'Edit challenge' };

export default async function EditChallengePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await pageOrganizer(`/organizer/challenges/${slug}`);
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug, includeArchived: true }));
  const [trackRows, taskRows, notes, teamRows, audit] = await Promise.all([
    listTracks({ db, challengeId: c.id }),
    listTasks({ db, challengeId: c.id, includeArchived: true }),
    listAnnouncements({ db, challengeId: c.id }),
    listParticipants({ db, challengeId: c.id }),
    listSeasonAudit({ db, challengeId: c.id }),
  ]);
  const impacts = await Promise.all(taskRows.map((t) => taskArchiveImpact({ db, taskId: t.id })));
  return (
    <>
      <p className="small">
        <Link href="/organizer">← Organizer console</Link> · <Link href={`/challenges/${c.slug}`}>Participant view</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/board`}>Leaderboard controls</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/rescore`}>Re-score</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/participants`}>Participants</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/submissions`}>Submissions</Link> ·{' '}
        <Link href={`/organizer/challenges/${c.slug}/submissions?status=failed`}>Failed submissions</Link> · <Link href="/docs/running-a-challenge">Guide</Link>
      </p>
      <h1>
        {c.title} {c.archivedAt && <span className="badge warn">archived</span>}
      </h1>
      {c.archivedAt && (
        <p className="alert error">
          Archived at <LocalTime date={c.archivedAt} withZone />: participants do not see this challenge. Restore it at the bottom of this page.
        </p>
      )}
      <h2>Announcements</h2>
      <div className="card">
        <AnnouncementForm challenge={c.slug} />
      </div>
      <ul className="announcements">
        {notes.map((a) => (
          <li key={a.id}>
            <span className="muted small">
              <LocalTime date={a.createdAt} withZone />
            </span>{' '}
            <DeleteAnnouncementForm challenge={c.slug} id={a.id} />
            <Markdown text={a.body} />
          </li>
        ))}
        {notes.length === 0 && <li className="muted">No announcements yet.</li>}
      </ul>
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
      <ul className="task-admin">
        {taskRows.map((t, i) => (
          <li key={t.id} data-task={t.slug}>
            <div className="row">
              {t.archivedAt ? <span>{t.title}</span> : <Link href={`/challenges/${c.slug}/tasks/${t.slug}`}>{t.title}</Link>} <code className="muted">{t.slug}</code>
              <span className="muted small">
                {t.type} · {t.metric} · track {t.trackSlug}
              </span>
              {t.archivedAt && <span className="badge warn">archived</span>}
              <span className="spacer" />
              <ArchiveTaskForm challenge={c.slug} taskId={t.id} slug={t.slug} archived={Boolean(t.archivedAt)} impact={impacts[i]} />
            </div>
            <TaskEditForm
              challenge={c.slug}
              task={{ id: t.id, slug: t.slug, title: t.title, description: t.description, metric: t.metric, metrics: metrics.filter((m) => m.taskType === t.type).map((m) => m.name) }}
            />
          </li>
        ))}
        {taskRows.length === 0 && <li className="muted">No tasks yet.</li>}
      </ul>
      <div className="card">
        <p className="muted small" style={{ marginTop: 0 }}>
          A zip of a task folder as <Link href="/docs/task-folders">the task-folder guide</Link> describes it (task.json, data files in CSV or
          Parquet, optional images/). The same import
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
      <h2>Archive</h2>
      <div className="card">
        <ArchiveChallengeForm challenge={c.slug} title={c.title} archived={Boolean(c.archivedAt)} counts={{ tasks: taskRows.filter((t) => !t.archivedAt).length, teams: teamRows.length }} />
      </div>
      <h2>Audit log</h2>
      <ul className="small" data-testid="season-audit">
        {audit.map((a, i) => (
          <li key={i}>
            <LocalTime date={a.at} /> · {a.actor ?? 'command line'} · <code>{a.action}</code> {a.subject}
          </li>
        ))}
        {audit.length === 0 && <li className="muted">Nothing yet.</li>}
      </ul>
    </>
  );
}
