import type { Metadata } from 'next';
import Link from 'next/link';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignUpPage() {
  return (
    <div className="card" style={{ maxWidth: 480, margin: '2rem auto' }}>
      <h1>Create an account</h1>
      <SignUpForm />
      <p className="muted small" style={{ marginTop: '1rem' }}>
        Already have an account? <Link href="/signin">Sign in</Link>
      </p>
    </div>
  );
}
