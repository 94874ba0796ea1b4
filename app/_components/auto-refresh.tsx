'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { fetchBoardStamp, StampPoller } from './stamp-poller';

/**
 * Re-renders the server components of the page every few seconds while `active`, so new
 * scores show up without a reload. router.refresh() swaps the RSC payload in place: no
 * flicker, and form inputs and scroll position stay. Paused while the tab is hidden.
 *
 * With `stampUrl` (board pages), it polls that cheap stamp instead and refreshes only when it
 * differs from `stamp`, the one the page was rendered with (stamp-poller.ts).
 */
export function AutoRefresh({ active = true, everyMs = 2000, stampUrl, stamp }: { active?: boolean; everyMs?: number; stampUrl?: string; stamp?: string }) {
  const router = useRouter();
  const poller = useRef<StampPoller | null>(null);
  useEffect(() => {
    if (!active) return;
    const p = stampUrl ? new StampPoller({ initial: stamp ?? null, fetchStamp: () => fetchBoardStamp(stampUrl), onChange: () => router.refresh() }) : null;
    poller.current = p;
    const id = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      if (p) void p.tick();
      else router.refresh();
    }, everyMs);
    return () => clearInterval(id);
    // `stamp` is left out on purpose: the effect below hands each new one to the poller without restarting the timer.
  }, [active, everyMs, stampUrl, router]);
  useEffect(() => {
    if (stamp) poller.current?.showing(stamp);
  }, [stamp]);
  return null;
}
