import 'server-only';
import { getDb } from '@/db';
import { viewerPartsQuery } from '@/lib/api/schemas';
import { resolveCaller, type Caller } from '@/lib/auth/caller';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { authSecret, config } from '@/lib/config';
import { PodiumError } from '@/lib/errors';
import type { BoardPagesRuntime } from '@/lib/leaderboard/page-cache';
import { boardCache } from '@/lib/leaderboard/board-cache';
import { viewerBoardParts } from '@/lib/leaderboard/viewer-parts';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { renderOnceAsync } from '../(site)/challenges/[slug]/leaderboard/board-html';
import { historyChart } from './charts';

/**
 * The body of GET /api/v1/challenges/{challenge}/me: the caller's own parts of a board page, which the shared page
 * (the same for every participant, kept by podium's server per board change) fills in after load. What they are is
 * decided in lib/leaderboard/viewer-parts.ts. Answered by the route handler, and by podium's server directly
 * (registerViewerParts below), since Next.js's route pipeline alone costs several times what this does.
 */
export async function viewerPartsBody({ caller, slug, query }: { caller: Caller | null; slug: string; query: Record<string, string> }): Promise<string> {
  const parsed = viewerPartsQuery.safeParse(query);
  if (!parsed.success) throw new PodiumError('bad_request:invalid', `${parsed.error.issues[0].path.join('.') || 'input'}: ${parsed.error.issues[0].message}`);
  const taskSlug = parsed.data.task;
  const db = await getDb();
  // The challenge and task rows at most a second old, as for the board API (their settings only pick the board).
  const { challenge, task } = await boardCache.get(`viewer-ref|${slug}|${caller && taskSlug ? taskSlug : ''}`, async () => {
    const challenge = await getChallengeBySlug({ db, slug });
    return { challenge, task: caller && taskSlug ? await getTaskBySlug({ db, challengeId: challenge.id, slug: taskSlug }) : null };
  });
  const parts = await viewerBoardParts({ db, caller, challenge, task });
  const h = parts.history;
  // The same drawing the board page makes for ?team=<own team>: one per (board change, team).
  const svg =
    h && task
      ? await renderOnceAsync(h.board, `history:${h.teamId}:`, async () => historyChart({ points: await h.points(), metric: task.metric, higherIsBetter: h.board.higherIsBetter }))
      : null;
  return JSON.stringify({
    user: parts.user,
    team: parts.team && { ...parts.team, disqualifiedAt: parts.team.disqualifiedAt?.toISOString() ?? null },
    history: parts.team && svg !== null ? { team: parts.team.name, svg } : null,
  });
}

/** Lets podium's server answer /me itself (lib/leaderboard/page-cache.ts), with the same caller as every route. */
export function registerViewerParts() {
  const hook = (globalThis as { __podiumBoardPages?: BoardPagesRuntime }).__podiumBoardPages;
  if (!hook) return;
  hook.me = async (cookie, slug, query) => {
    const cfg = config();
    const db = await getDb();
    const caller = cookie ? await resolveCaller({ db, headers: new Headers({ cookie }), secret: authSecret(cfg), organizerEmails: cfg.ORGANIZER_EMAILS }) : null;
    return viewerPartsBody({ caller, slug, query });
  };
}
