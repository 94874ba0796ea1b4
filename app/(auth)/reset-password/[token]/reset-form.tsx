'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { resetPasswordAction } from './actions';

export function ResetForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, {});
  if (state.ok) {
    return (
      <p className="alert ok" role="status">
        The password of {email} is set. <Link href="/signin">Sign in</Link>
      </p>
    );
  }
  return (
    <form action={action} className="stack">
      <input type="hidden" name="token" value={token} />
      <label>
        New password <span className="muted small">(at least 8 characters)</span>
        <input name="password" type="password" autoComplete="new-password" required />
        {state.fieldErrors?.password && <span className="field-error">{state.fieldErrors.password}</span>}
      </label>
      {state.error && (
        <p className="alert error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        Set password
      </button>
    </form>
  );
}
