import 'server-only';
/**
 * The viewing rules of a challenge, one function per question. Pages, route handlers and
 * exports call these; none of them works a rule out for itself, so a page and the API
 * cannot disagree.
 *
 * - seesEverything: does this caller see every board live (organizers)?
 * - dataAccess / canUseData / assertCanUseData: may this caller download the data and submit?
 * - canSeePrivateScores: may this caller see private scores (and the whole-test-set numbers)?
 * - canSeeTeamHistory: may this caller see this team's score history on a board?
 * - assertTeamActive: may this team still act (download, submit, rename)?
 */
import type { DbOrTx } from '@/db/client';
import type { Caller } from '@/lib/auth/caller';
import { requireCaller } from '@/lib/auth/caller';
import { PodiumError } from '@/lib/errors';
import { boardVisibility, type BoardChallenge, type BoardVisibility } from '@/lib/leaderboard/visibility';
import { getTeamOf } from '@/lib/submissions/teams';
import { privateRevealed } from './phase';
import { hasAcceptedRules, type ChallengeView } from './queries';

/** Organizers see every board live, the private scores and every team's history. */
export function seesEverything(caller: Caller | null | undefined): boolean {
  return caller?.role === 'organizer';
}

/** What of a board this caller sees now (private board, freeze cutoff). */
export function boardViewFor({ caller, challenge, now = new Date() }: { caller: Caller | null | undefined; challenge: BoardChallenge; now?: Date }): BoardVisibility {
  return boardVisibility({ challenge, organizer: seesEverything(caller), now });
}

/** Private scores (and anything computed on private rows) go to organizers, and to everyone after the reveal. */
export function canSeePrivateScores({
  caller,
  challenge,
  now = new Date(),
}: {
  caller: Caller | null | undefined;
  challenge: { endAt: Date; privateRevealedAt: Date | null; autoReveal: boolean };
  now?: Date;
}): boolean {
  return seesEverything(caller) || privateRevealed(challenge, now);
}

export type TeamStanding = { id: string; name: string; disqualifiedAt: Date | null; disqualifiedReason?: string | null };

export function disqualifiedError(team: { name: string; disqualifiedReason?: string | null }): PodiumError {
  const why = team.disqualifiedReason ? ` (reason: ${team.disqualifiedReason})` : '';
  return new PodiumError(
    'forbidden:team_disqualified',
    `Your team "${team.name}" was disqualified${why}: it can no longer download the data, submit or rename itself. Write to the organizers if you think this is a mistake.`,
  );
}

/** A disqualified team can no longer download, submit or rename itself. */
export function assertTeamActive(team: { name: string; disqualifiedAt: Date | null; disqualifiedReason?: string | null }): void {
  if (team.disqualifiedAt) throw disqualifiedError(team);
}

export type DataAccess = { ok: true; caller: Caller } | { ok: false; error: PodiumError };

/**
 * May this caller use the data of a challenge (download its files, see sample rows,
 * submit)? Organizers always; participants once the challenge has started, after
 * accepting its rules, and while their team is not disqualified.
 */
export async function dataAccess({
  db,
  caller,
  challenge,
  now = new Date(),
}: {
  db: DbOrTx;
  caller: Caller | null | undefined;
  challenge: ChallengeView;
  now?: Date;
}): Promise<DataAccess> {
  let c: Caller;
  try {
    c = requireCaller(caller ?? null);
  } catch (e) {
    return { ok: false, error: e as PodiumError };
  }
  if (seesEverything(c)) return { ok: true, caller: c };
  if (now < challenge.startAt) {
    return {
      ok: false,
      error: new PodiumError('forbidden:not_started', `The challenge "${challenge.slug}" starts at ${challenge.startAt.toISOString()}; its data opens then.`),
    };
  }
  const [accepted, team] = await Promise.all([
    hasAcceptedRules({ db, challengeId: challenge.id, userId: c.userId }),
    getTeamOf({ db, challengeId: challenge.id, userId: c.userId }),
  ]);
  if (!accepted) {
    return {
      ok: false,
      error: new PodiumError(
        'forbidden:rules_not_accepted',
        `Accept the rules of "${challenge.slug}" first: the button on the challenge page, \`npx podium join ${challenge.slug}\`, or POST /api/v1/challenges/${challenge.slug}/join.`,
      ),
    };
  }
  if (team?.disqualifiedAt) return { ok: false, error: disqualifiedError(team) };
  return { ok: true, caller: c };
}

export async function canUseData(args: Parameters<typeof dataAccess>[0]): Promise<boolean> {
  return (await dataAccess(args)).ok;
}

/** dataAccess for route handlers and lib: the caller, or the refusal thrown (401/403 with the rule). */
export async function assertCanUseData(args: Parameters<typeof dataAccess>[0]): Promise<Caller> {
  const a = await dataAccess(args);
  if (!a.ok) throw a.error;
  return a.caller;
}

/**
 * May this caller see a team's score history on a task? Their own team's always (every
 * submission); another team's only when that team is on the board the caller sees (its
 * public history up to the board's freeze cutoff); organizers any team's.
 */
export function canSeeTeamHistory({
  caller,
  myTeamId,
  teamId,
  onVisibleBoard,
}: {
  caller: Caller | null | undefined;
  myTeamId: string | null | undefined;
  teamId: string;
  onVisibleBoard: boolean;
}): boolean {
  if (seesEverything(caller)) return true;
  if (myTeamId && teamId === myTeamId) return true;
  return onVisibleBoard;
}
