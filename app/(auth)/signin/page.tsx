import type { Metadata } from 'next';
import Link from 'next/link';
import { enabledProviders } from '@/lib/auth/options';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

const messages: Record<string, string> = {
  NoEmail: 'That provider did not give us an email address, which podium needs for your account.',
  OAuthSignin: 'Could not start the sign-in with that provider.',
  OAuthCallback: 'The provider’s answer could not be checked. Try again.',
  AccessDenied: 'Access was denied.',
  AccountDisabled: 'This account has been disabled by an organizer.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const providers = enabledProviders();
  const callbackUrl = sp.callbackUrl?.startsWith('/') ? sp.callbackUrl : '/';
  return (
    <div className="card" style={{ maxWidth: 480, margin: '2rem auto' }}>
      <h1>Sign in</h1>
      {sp.error && messages[sp.error] && <p className="alert error">{messages[sp.error]}</p>}
      <SignInForm callbackUrl={callbackUrl} />
      {providers
        .filter((p) => p.id !== 'credentials')
        .map((p) => (
          <form key={p.id} action={`/api/auth/signin/${p.id}`} method="post" style={{ marginTop: '.6rem' }}>
            <ExternalSignIn id={p.id} name={p.name} callbackUrl={callbackUrl} />
          </form>
        ))}
      <p className="muted small" style={{ marginTop: '1rem' }}>
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </div>
  );
}

function ExternalSignIn({ id, name, callbackUrl }: { id: string; name: string; callbackUrl: string }) {
  return (
    <a className="btn secondary" href={`/api/auth/signin/${id}?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
      Continue with {name}
    </a>
  );
}
