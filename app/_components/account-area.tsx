'use client';
import Link from 'next/link';
import { SignOutButton } from '../(auth)/sign-out-button';
import { useViewerParts } from './viewer-store';

type Account = { name: string | null; email: string; organizer: boolean };

/**
 * The header's account links. The server renders them for the caller it knows; on a shared board page (the same
 * HTML for every participant, see lib/leaderboard/page-cache.ts) it knows nobody, and the viewer's own parts,
 * fetched by the page, name the account instead.
 */
export function AccountArea({ caller }: { caller: Account | null }) {
  const fetched = useViewerParts()?.user ?? null;
  const who = caller ?? fetched;
  if (!who) {
    return (
      <>
        <Link href="/signin">Sign in</Link>
        <Link href="/signup" className="btn">
          Sign up
        </Link>
      </>
    );
  }
  return (
    <>
      <Link href="/account" title="Account and API tokens" data-testid="account-link">
        {who.name || who.email}
      </Link>
      {who.organizer && <span className="badge accent">organizer</span>}
      <SignOutButton />
    </>
  );
}
