'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ActionState } from '../../_lib/action';
import { signUp } from './actions';

export function SignUpForm() {
  const router = useRouter();
  const [state, setState] = useState<ActionState>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    const form = new FormData(e.currentTarget);
    const result = await signUp({}, form);
    setState(result);
    if (result.ok) {
      const res = await signIn('credentials', {
        email: String(form.get('email')),
        password: String(form.get('password')),
        redirect: false,
      });
      if (res?.ok) {
        router.push('/');
        router.refresh();
        return;
      }
      router.push('/signin');
    }
    setPending(false);
  }

  const fe = state.fieldErrors ?? {};
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <label>
        Name <span className="muted small">(shown on leaderboards until you join a team)</span>
        <input name="name" autoComplete="name" defaultValue={state.values?.name} />
        {fe.name && <span className="field-error">{fe.name}</span>}
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
        {fe.email && <span className="field-error">{fe.email}</span>}
      </label>
      <label>
        Password <span className="muted small">(at least 8 characters)</span>
        <input name="password" type="password" autoComplete="new-password" required />
        {fe.password && <span className="field-error">{fe.password}</span>}
      </label>
      {state.error && (
        <p className="alert error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? 'Creating account…' : 'Sign up'}
      </button>
    </form>
  );
}
