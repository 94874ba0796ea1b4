'use client';
import { useActionState } from 'react';
import { rescoreAction } from './actions';

export function RescoreButton({ challenge, task, submissionId, label }: { challenge: string; task: string; submissionId?: string; label: string }) {
  const [state, action, pending] = useActionState(rescoreAction, {});
  return (
    <form action={action} className="row">
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="task" value={task} />
      {submissionId && <input type="hidden" name="submissionId" value={submissionId} />}
      <button type="submit" className={submissionId ? 'secondary' : undefined} disabled={pending}>
        {label}
      </button>
      {state.data && <span className="muted small">{state.data.queued} queued</span>}
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}
