'use client';
import { useEffect } from 'react';
import { Chart } from '../../../../_components/chart';
import { setViewerParts, useViewerParts } from '../../../../_components/viewer-store';
import { DisqualifiedNotice } from '../disqualified-notice';

/**
 * The viewer's own parts of a board page, filled in by the browser. podium's server answers board pages with
 * the page rendered for nobody in particular, kept per board change (lib/leaderboard/page-cache.ts); when the
 * page was rendered that way (`rendered="shared"`), one small request (GET /api/v1/challenges/{c}/me, which
 * checks everything in lib/leaderboard/viewer-parts.ts) names the account in the header, marks the team's own
 * rows, and gives the disqualified notice and the team's own history below. When the server rendered the page
 * for its viewer (organizers, whose pages are never shared, or `?team=`), it drew these parts itself.
 */
export function ViewerParts({ challenge, task, stamp, rendered }: { challenge: string; task?: string; stamp: string; rendered: 'shared' | 'viewer' }) {
  const parts = useViewerParts();
  useEffect(() => {
    if (rendered !== 'shared') return;
    const ask = new AbortController();
    const url = `/api/v1/challenges/${encodeURIComponent(challenge)}/me${task ? `?task=${encodeURIComponent(task)}` : ''}`;
    fetch(url, { cache: 'no-store', signal: ask.signal })
      .then((r) => (r.ok ? r.json() : null))
      .then(setViewerParts, () => {});
    return () => ask.abort();
  }, [challenge, task, stamp, rendered]);
  const teamId = rendered === 'shared' ? parts?.team?.id : undefined;
  useEffect(() => {
    if (teamId) markOwnRows(teamId);
  }, [teamId, stamp]);
  return null;
}

/** The team's rows on the shared tables: highlighted, with a "you" badge where the row's marker comment is (board-html.ts). */
export function markOwnRows(teamId: string) {
  for (const tr of document.querySelectorAll<HTMLTableRowElement>(`tr[data-team-id="${CSS.escape(teamId)}"]`)) {
    if (tr.dataset.mine) continue;
    tr.dataset.mine = 'true';
    tr.style.background = '#eef6ff';
    const walker = document.createTreeWalker(tr, NodeFilter.SHOW_COMMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeValue !== `you:${teamId}`) continue;
      const badge = document.createElement('span');
      badge.className = 'badge ok';
      badge.textContent = 'you';
      n.parentNode!.insertBefore(document.createTextNode(' '), n);
      n.parentNode!.insertBefore(badge, n);
      break;
    }
  }
}

export function ViewerNotice({ rendered }: { rendered: 'shared' | 'viewer' }) {
  const team = useViewerParts()?.team;
  if (rendered !== 'shared' || !team) return null;
  return <DisqualifiedNotice team={{ ...team, disqualifiedAt: team.disqualifiedAt ? new Date(team.disqualifiedAt) : null }} />;
}

export function ViewerHistory({ rendered }: { rendered: 'shared' | 'viewer' }) {
  const history = useViewerParts()?.history;
  if (rendered !== 'shared' || !history) return null;
  return (
    <>
      <h2 id="history">Score history: {history.team}</h2>
      {history.svg ? (
        <Chart svg={history.svg} testId="history-chart" caption="Dots: the public score of every scored submission (blue: a new best). Line: the best so far." />
      ) : (
        <p className="muted">No scored submissions yet.</p>
      )}
    </>
  );
}
