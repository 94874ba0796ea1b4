import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { getPasswordReset } from '@/lib/people/users';
import { ResetForm } from './reset-form';

export const metadata: Metadata = { title: 'Set a new password' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const reset = await getPasswordReset({ db: await getDb(), token });
  return (
    <div className="card" style={{ maxWidth: 480, margin: '2rem auto' }}>
      <h1>Set a new password</h1>
      {reset ? (
        <>
          <p className="muted">For {reset.email}. This link works once.</p>
          <ResetForm token={token} email={reset.email} />
        </>
      ) : (
        <p className="alert error">This password-reset link is unknown, was already used, or has expired. Ask an organizer for a new one.</p>
      )}
    </div>
  );
}
