'use client';
import { useActionState } from 'react';
import { upsertTrackAction } from '../../actions';

export function TrackForm({ challenge }: { challenge: string }) {
  const [state, action, pending] = useActionState(upsertTrackAction, {});
  return (
    <form action={action} className="row" style={{ alignItems: 'end' }}>
      <input type="hidden" name="challenge" value={challenge} />
      <label>
        Track slug
        <input name="slug" placeholder="classification" required />
        {state.fieldErrors?.slug && <span className="field-error">{state.fieldErrors.slug}</span>}
      </label>
      <label>
        Title
        <input name="title" placeholder="Classification" required />
        {state.fieldErrors?.title && <span className="field-error">{state.fieldErrors.title}</span>}
      </label>
      <button type="submit" disabled={pending}>
        Add or update track
      </button>
      {state.error && <p className="alert error">{state.error}</p>}
    </form>
  );
}
