import type { Metadata } from 'next';
import { safeCallbackPath } from '@/lib/auth/redirect';
import Link from 'next/link';
import { enabledProviders } from '@/lib/auth/options';
import { signInErrorMessage } from './messages';
import { ProviderButton } from './provider-button';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const providers = enabledProviders();
  const callbackUrl = safeCallbackPath(sp.callbackUrl);
  return (
    <div className="card" style={{ maxWidth: 480, margin: '2rem auto' }}>
      <h1>Sign in</h1>
      {sp.error && (
        <p className="alert error" role="alert">
          {signInErrorMessage(sp.error, providers)}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} />
      {providers
        .filter((p) => p.id !== 'credentials')
        .map((p) => (
          <div key={p.id} style={{ marginTop: '.6rem' }}>
            <ProviderButton id={p.id} name={p.name} callbackUrl={callbackUrl} />
          </div>
        ))}
      <p className="muted small" style={{ marginTop: '1rem' }}>
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </div>
  );
}
