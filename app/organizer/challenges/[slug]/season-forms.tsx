'use client';
import { useActionState, useEffect, useRef } from 'react';
import { ConfirmButton } from '../../../_components/confirm-button';
import { archiveChallengeAction, archiveTaskAction, deleteAnnouncementAction, postAnnouncementAction, updateTaskAction } from './season-actions';

export function TaskEditForm({ challenge, task }: { challenge: string; task: { id: string; slug: string; title: string; description: string; metric: string; metrics: string[] } }) {
  const [state, action, pending] = useActionState(updateTaskAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <details>
      <summary>Edit {task.slug}</summary>
      <form action={action} className="stack">
        <input type="hidden" name="challenge" value={challenge} />
        <input type="hidden" name="taskId" value={task.id} />
        <label>
          Title
          <input name="title" defaultValue={state.values?.title ?? task.title} required />
          {fe.title && <span className="field-error">{fe.title}</span>}
        </label>
        <label>
          Ranking metric <span className="muted small">(a new one re-scores every submission of this task; the earlier scores stay on the Re-score page)</span>
          <select name="metric" defaultValue={state.values?.metric ?? task.metric}>
            {task.metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          {fe.metric && <span className="field-error">{fe.metric}</span>}
        </label>
        <label>
          Description <span className="muted small">(markdown, shown on the task page)</span>
          <textarea name="description" rows={6} defaultValue={state.values?.description ?? task.description} />
          {fe.description && <span className="field-error">{fe.description}</span>}
        </label>
        <div className="row">
          <button type="submit" disabled={pending}>
            Update {task.slug}
          </button>
          {state.ok && <span className="small">Saved.</span>}
          {state.error && <span className="field-error">{state.error}</span>}
        </div>
      </form>
    </details>
  );
}

export function ArchiveTaskForm({ challenge, taskId, slug, archived, impact }: { challenge: string; taskId: string; slug: string; archived: boolean; impact: { submissions: number; teams: number } }) {
  const [state, action, pending] = useActionState(archiveTaskAction, {});
  return (
    <form action={action} className="row">
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="archived" value={archived ? '0' : '1'} />
      {archived ? (
        <button type="submit" className="secondary" disabled={pending} aria-label={`Restore task ${slug}`}>
          Restore
        </button>
      ) : (
        <ConfirmButton
          label="Archive"
          ariaLabel={`Archive task ${slug}`}
          confirmLabel={`Yes, archive ${slug}`}
          disabled={pending}
          question={`Participants lose the task ${slug}: its page, data files, upload form, leaderboard and its place in the track average, and ${impact.submissions} submission${impact.submissions === 1 ? '' : 's'} of ${impact.teams} team${impact.teams === 1 ? '' : 's'} leave the boards. Nothing is deleted; Restore brings it all back.`}
        />
      )}
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}

export function ArchiveChallengeForm({ challenge, title, archived, counts }: { challenge: string; title: string; archived: boolean; counts: { tasks: number; teams: number } }) {
  const [state, action, pending] = useActionState(archiveChallengeAction, {});
  return (
    <form action={action} className="row">
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="archived" value={archived ? '0' : '1'} />
      {archived ? (
        <button type="submit" disabled={pending}>
          Restore this challenge
        </button>
      ) : (
        <ConfirmButton
          label="Archive this challenge"
          confirmLabel={`Yes, archive ${challenge}`}
          disabled={pending}
          question={`${title} disappears for participants: its page, ${counts.tasks} task${counts.tasks === 1 ? '' : 's'}, every board and the data of ${counts.teams} team${counts.teams === 1 ? '' : 's'}. Nothing is deleted; you can restore it here.`}
        />
      )}
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}

export function AnnouncementForm({ challenge }: { challenge: string }) {
  const [state, action, pending] = useActionState(postAnnouncementAction, {});
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) ref.current?.reset();
  }, [state]);
  return (
    <form action={action} className="stack" ref={ref}>
      <input type="hidden" name="challenge" value={challenge} />
      <label>
        New announcement <span className="muted small">(markdown; shown dated on the challenge page, newest first)</span>
        <textarea name="body" rows={4} />
        {state.fieldErrors?.body && <span className="field-error">{state.fieldErrors.body}</span>}
      </label>
      <div className="row">
        <button type="submit" disabled={pending}>
          Post announcement
        </button>
        {state.error && <span className="field-error">{state.error}</span>}
      </div>
    </form>
  );
}

export function DeleteAnnouncementForm({ challenge, id }: { challenge: string; id: string }) {
  const [state, action, pending] = useActionState(deleteAnnouncementAction, {});
  return (
    <form action={action} style={{ display: 'inline' }}>
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="id" value={id} />
      <ConfirmButton label="Delete" disabled={pending} question="Participants no longer see this announcement." />
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}
