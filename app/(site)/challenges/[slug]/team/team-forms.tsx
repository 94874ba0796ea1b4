'use client';
import { useActionState } from 'react';
import type { ActionState } from '../../../../_lib/action';
import { createTeamAction, joinTeamAction, leaveTeamAction, resetInviteAction } from './actions';

function Result({ state }: { state: ActionState }) {
  if (state.error) return <p className="alert error">{state.error}</p>;
  if (state.data?.message) return <p className="alert ok">{String(state.data.message)}</p>;
  return null;
}

export function CreateTeamForm({ challenge, alone }: { challenge: string; alone: boolean }) {
  const [state, action, pending] = useActionState(createTeamAction, {});
  return (
    <form action={action} className="stack">
      <input type="hidden" name="challenge" value={challenge} />
      <label>
        {alone ? 'Team name' : 'New team name'}
        <input name="name" required minLength={2} maxLength={60} defaultValue={state.values?.name} />
        {state.fieldErrors?.name && <span className="field-error">{state.fieldErrors.name}</span>}
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {alone ? 'Name my team' : 'Leave and start a new team'}
        </button>
      </div>
      <Result state={state} />
    </form>
  );
}

export function JoinTeamForm({ challenge, initialCode = '', canMerge = false }: { challenge: string; initialCode?: string; canMerge?: boolean }) {
  const [state, action, pending] = useActionState(joinTeamAction, {});
  return (
    <form action={action} className="stack">
      <input type="hidden" name="challenge" value={challenge} />
      <label>
        Invite code or link
        <input name="code" required defaultValue={state.values?.code ?? initialCode} />
        {state.fieldErrors?.code && <span className="field-error">{state.fieldErrors.code}</span>}
      </label>
      {canMerge && (
        <label style={{ display: 'flex', gap: '.5rem', fontWeight: 400 }}>
          <input type="checkbox" name="whole" style={{ width: 'auto' }} /> Bring my whole team and its submissions (merge)
        </label>
      )}
      <div>
        <button type="submit" disabled={pending}>
          Join team
        </button>
      </div>
      <Result state={state} />
    </form>
  );
}

export function SmallTeamAction({ challenge, kind }: { challenge: string; kind: 'leave' | 'reset' }) {
  const [state, action, pending] = useActionState(kind === 'leave' ? leaveTeamAction : resetInviteAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="challenge" value={challenge} />
      <button type="submit" className={kind === 'leave' ? 'danger' : 'secondary'} disabled={pending}>
        {kind === 'leave' ? 'Leave team' : 'New invite code'}
      </button>
      <Result state={state} />
    </form>
  );
}
