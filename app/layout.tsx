import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import './globals.css';
import { getCaller } from './_lib/caller';
import { AccountArea } from './_components/account-area';

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
              <AccountArea caller={caller && { name: caller.name, email: caller.email, organizer: caller.role === 'organizer' }} />
            </div>
          </div>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
