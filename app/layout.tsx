import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import './globals.css';
import { getCaller } from './_lib/caller';
import { SignOutButton } from './(auth)/sign-out-button';

export const metadata: Metadata = {
  title: { default: 'podium', template: '%s · podium' },
  description: 'Machine-learning challenges on multimodal tabular data',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const caller = await getCaller();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <div className="inner">
            <Link href="/" className="brand">
              podium<span>.</span>
            </Link>
            <nav className="nav">
              <Link href="/">Challenges</Link>
              <Link href="/docs">Docs</Link>
              {caller?.role === 'organizer' && <Link href="/organizer">Organizer console</Link>}
            </nav>
            <div className="account">
              {caller ? (
                <>
                  <Link href="/account" title="Account and API tokens">
                    {caller.name || caller.email}
                  </Link>
                  {caller.role === 'organizer' && <span className="badge accent">organizer</span>}
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/signin">Sign in</Link>
                  <Link href="/signup" className="btn">
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </div>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
