import 'server-only';
/**
 * The personal parts of a board page, apart from the shared board. A board page is the same HTML for every
 * viewer who is not an organizer (podium's server keeps it per board change: page-cache.ts); what belongs to one
 * viewer — who is signed in, their team's row, its disqualification, its own score history — is answered here,
 * for the caller only, and filled in by the browser (GET /api/v1/challenges/{challenge}/me).
 *
 * Nothing here is about another team: the team is the caller's own (their membership, read fresh), and its
 * history is the one canSeeTeamHistory always grants a team about itself.
 */
import type { DbOrTx } from '@/db/client';
import type { Caller } from '@/lib/auth/caller';
import { canSeeTeamHistory, seesEverything } from '@/lib/challenges/viewing';
import type { ChallengeView } from '@/lib/challenges/queries';
import { getTeamOf } from '@/lib/submissions/teams';
import type { TaskView } from '@/lib/tasks/queries';
import { getScoreHistory, type HistoryPoint } from './history';
import { readTaskBoard, type TaskBoard } from './task-board';

export type ViewerBoardParts = {
  user: { name: string | null; email: string; organizer: boolean } | null;
  team: { id: string; name: string; disqualifiedAt: Date | null; disqualifiedReason: string | null } | null;
  /**
   * May the team's own score history on the task be drawn (every scored submission, no freeze cutoff), and the
   * public board it belongs to (one object per board change: what is drawn from it can be kept beside it).
   */
  history: { board: TaskBoard; teamId: string; points: () => Promise<HistoryPoint[]> } | null;
};

export async function viewerBoardParts({
  db,
  caller,
  challenge,
  task,
  now = new Date(),
}: {
  db: DbOrTx;
  caller: Caller | null;
  challenge: ChallengeView;
  task?: TaskView | null;
  now?: Date;
}): Promise<ViewerBoardParts> {
  if (!caller) return { user: null, team: null, history: null };
  const user = { name: caller.name, email: caller.email, organizer: seesEverything(caller) };
  const mine = await getTeamOf({ db, challengeId: challenge.id, userId: caller.userId }); // read fresh: a disqualification shows at once
  if (!mine) return { user, team: null, history: null };
  const team = { id: mine.id, name: mine.name, disqualifiedAt: mine.disqualifiedAt, disqualifiedReason: mine.disqualifiedReason ?? null };
  if (!task) return { user, team, history: null };
  const board = await readTaskBoard({ db, challenge, task, board: 'public', organizer: user.organizer, now });
  const onVisibleBoard = board.rows.some((r) => r.teamId === team.id);
  if (!canSeeTeamHistory({ caller, myTeamId: team.id, teamId: team.id, onVisibleBoard })) return { user, team, history: null };
  const points = () => getScoreHistory({ db, taskId: task.id, teamId: team.id, higherIsBetter: board.higherIsBetter, cutoff: null });
  return { user, team, history: { board, teamId: team.id, points } };
}
