'use client';
import { useSyncExternalStore } from 'react';

/** GET /api/v1/challenges/{challenge}/me, as the browser receives it (lib/api/schemas.ts#viewerPartsResponse). */
export type ViewerPartsJson = {
  user: { name: string | null; email: string; organizer: boolean } | null;
  team: { id: string; name: string; disqualifiedAt: string | null; disqualifiedReason: string | null } | null;
  history: { team: string; svg: string } | null;
};

/**
 * The viewer's own parts of a shared board page, once fetched: one store the header's account area and the
 * board page's personal parts read, so that one request fills them all (board pages: leaderboard/viewer-parts.tsx).
 */
let current: ViewerPartsJson | null = null;
const listeners = new Set<() => void>();

export function setViewerParts(parts: ViewerPartsJson | null) {
  current = parts;
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useViewerParts(): ViewerPartsJson | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
