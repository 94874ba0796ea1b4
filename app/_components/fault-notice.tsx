'use client';
import { useEffect, useState } from 'react';

type Health = { down?: string[] };

/**
 * What a page that failed to render tells its visitor. The server never sends the error
 * itself to the browser (only a digest), so this asks GET /api/health what is down and says
 * it plainly: a database or file storage that does not answer is temporary, a bug is ours.
 * Never a stack trace.
 */
export function FaultNotice({ reset, digest }: { reset?: () => void; digest?: string }) {
  const [down, setDown] = useState<string[] | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    fetch('/api/health', { cache: 'no-store' })
      .then(async (r) => (r.status === 503 ? ((await r.json()) as Health).down ?? [] : []))
      .catch(() => null) // the site itself did not answer
      .then((d) => live && setDown(d));
    return () => {
      live = false;
    };
  }, []);
  let title = 'Something went wrong';
  let text = 'This page could not be shown because of an error on our side. Try again; if it keeps happening, tell the organizers.';
  if (down === null) {
    title = 'podium is not answering';
    text = 'podium’s server is not answering right now; try again in a minute.';
  } else if (down?.includes('database')) {
    title = 'Temporarily unavailable';
    text = 'podium cannot reach its database right now; try again in a minute. Nothing you sent before this is lost.';
  } else if (down?.includes('storage')) {
    title = 'Temporarily unavailable';
    text = 'podium cannot reach its file storage right now; try again in a minute. Nothing you sent before this is lost.';
  }
  return (
    <div className="card" role="alert" data-testid="fault-notice">
      <h1>{title}</h1>
      {down === undefined ? <p>Checking what went wrong…</p> : <p>{text}</p>}
      {digest && <p className="muted">Reference for the operators: {digest}</p>}
      <p>
        {reset && (
          <button type="button" className="btn" onClick={() => reset()}>
            Try again
          </button>
        )}{' '}
        <a href="/">Back to challenges</a>
      </p>
    </div>
  );
}
