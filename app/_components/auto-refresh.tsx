'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-renders the server components of the page every few seconds while `active`, so new
 * scores show up without a reload. router.refresh() swaps the RSC payload in place: no
 * flicker, and form inputs and scroll position stay. Paused while the tab is hidden.
 */
export function AutoRefresh({ active = true, everyMs = 2000 }: { active?: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(id);
  }, [active, everyMs, router]);
  return null;
}
