'use client';
import './globals.css';
import { FaultNotice } from './_components/fault-notice';

/**
 * The root layout itself failed (it reads the session, so a database that does not answer
 * fails it): the same plain message, in a page of its own.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <div className="inner">
            <a href="/" className="brand">
              podium<span>.</span>
            </a>
          </div>
        </header>
        <main>
          <FaultNotice reset={reset} digest={error.digest} />
        </main>
      </body>
    </html>
  );
}
