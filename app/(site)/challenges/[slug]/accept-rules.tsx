'use client';
import { useActionState } from 'react';
import { acceptRules } from './actions';

export function AcceptRulesButton({ challenge }: { challenge: string }) {
  const [state, action, pending] = useActionState(acceptRules, {});
  return (
    <form action={action} className="row">
      <input type="hidden" name="challenge" value={challenge} />
      <button type="submit" disabled={pending}>
        Accept the rules and join
      </button>
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}
