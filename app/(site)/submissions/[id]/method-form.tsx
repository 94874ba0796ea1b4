'use client';
import { useActionState } from 'react';
import { saveMethod } from './actions';

export function MethodForm({ submissionId, notes, tags, suggested }: { submissionId: string; notes: string; tags: string[]; suggested: string[] }) {
  const [state, action, pending] = useActionState(saveMethod, {});
  return (
    <form action={action} className="stack" style={{ maxWidth: 720 }}>
      <input type="hidden" name="submissionId" value={submissionId} />
      <label>
        Method notes <span className="muted small">(markdown; shown on the challenge&apos;s methods page after the end)</span>
        <textarea name="notes" defaultValue={state.values?.notes ?? notes} rows={5} />
        {state.fieldErrors?.notes && <span className="field-error">{state.fieldErrors.notes}</span>}
      </label>
      <label>
        Tags <span className="muted small">(comma-separated, e.g. {suggested.slice(0, 4).join(', ')})</span>
        <input name="tags" defaultValue={state.values?.tags ?? tags.join(', ')} list="method-tags" />
        <datalist id="method-tags">
          {suggested.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        {state.fieldErrors?.tags && <span className="field-error">{state.fieldErrors.tags}</span>}
      </label>
      {state.error && <p className="alert error">{state.error}</p>}
      {state.ok && <p className="alert ok">Saved.</p>}
      <div>
        <button type="submit" disabled={pending} className="secondary">
          Save notes
        </button>
      </div>
    </form>
  );
}
