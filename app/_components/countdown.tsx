'use client';
import { useEffect, useState } from 'react';

function parts(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d} d ${h} h ${m} min` : `${h} h ${m} min ${s % 60} s`;
}

/** "Ends in 3 d 4 h" ticking in the browser; the server renders the target instant only. */
export function Countdown({ to, label }: { to: string; label: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (now === null) return null;
  const left = Date.parse(to) - now;
  if (left <= 0) return null;
  return (
    <span className="badge accent" suppressHydrationWarning>
      {label} {parts(left)}
    </span>
  );
}
