'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';

/**
 * Starts an OAuth/OpenID sign-in: next-auth v4 needs a POST with its CSRF token
 * (a plain link answers with a redirect back here and never reaches the provider).
 */
export function ProviderButton({ id, name, callbackUrl }: { id: string; name: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="btn secondary"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(id, { callbackUrl }).catch(() => {
          setPending(false);
          window.location.assign(`/signin?error=OAuthSignin&callbackUrl=${encodeURIComponent(callbackUrl)}`);
        });
      }}
    >
      {pending ? `Going to ${name}…` : `Continue with ${name}`}
    </button>
  );
}
