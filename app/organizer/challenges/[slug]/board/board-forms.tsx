'use client';
import { useActionState } from 'react';
import { ConfirmButton } from '../../../../_components/confirm-button';
import { disqualifyAction, freezeAction, restoreAction, revealAction } from './actions';

export function OpButton({ challenge, kind, op, label, danger = false }: { challenge: string; kind: 'freeze' | 'reveal'; op: string; label: string; danger?: boolean }) {
  const [state, action, pending] = useActionState(kind === 'freeze' ? freezeAction : revealAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="op" value={op} />
      <button type="submit" className={danger ? 'danger' : 'secondary'} disabled={pending}>
        {label}
      </button>
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}

export function DisqualifyForm({ challenge, teamId, team }: { challenge: string; teamId: string; team: string }) {
  const [state, action, pending] = useActionState(disqualifyAction, {});
  return (
    <form action={action} className="row">
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="teamId" value={teamId} />
      <input name="reason" placeholder="reason" aria-label={`Reason to disqualify ${team}`} style={{ maxWidth: 260 }} />
      <ConfirmButton
        label="Disqualify"
        ariaLabel={`Disqualify ${team}`}
        confirmLabel={`Yes, disqualify ${team}`}
        disabled={pending}
        question={`${team} leaves every board of this challenge (its submissions are kept; Restore brings it back).`}
      />
      {(state.fieldErrors?.reason || state.error) && <span className="field-error">{state.fieldErrors?.reason ?? state.error}</span>}
    </form>
  );
}

export function RestoreForm({ challenge, teamId, team }: { challenge: string; teamId: string; team: string }) {
  const [state, action, pending] = useActionState(restoreAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="teamId" value={teamId} />
      <button type="submit" className="secondary" disabled={pending} aria-label={`Restore ${team}`}>
        Restore
      </button>
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}
