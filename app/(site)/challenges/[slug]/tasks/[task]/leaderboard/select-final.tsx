'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { toggleFinalSelection } from './actions';

/** Marks or unmarks one of the team's submissions as a final selection for the private board. */
export function SelectFinalToggle({ submissionId, selected }: { submissionId: string; selected: boolean }) {
  const [state, action, pending] = useActionState(toggleFinalSelection, {});
  const router = useRouter();
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} style={{ display: 'inline-flex', gap: '.4rem', alignItems: 'center' }}>
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="selected" value={selected ? 'false' : 'true'} />
      <button type="submit" className={selected ? '' : 'secondary'} disabled={pending} aria-pressed={selected} aria-label={selected ? 'Unselect as final' : 'Select as final'}>
        {selected ? '★ final' : '☆ select'}
      </button>
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}
