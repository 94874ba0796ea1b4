/**
 * Rows for tests and the leaderboard benchmark: a challenge, tasks, users in teams, and
 * submissions written the way the scoring worker writes them (status 'scored', the
 * ranking metric in publicScore/privateScore, all metrics in jsonb). No files behind them.
 */
import crypto from 'node:crypto';
import type { DbOrTx } from '@/db/client';
import { challenges, submissions, tasks, teamMembers, teams, tracks, users, type NewChallenge } from '@/db/schema';

export async function seedChallenge(db: DbOrTx, over: Partial<NewChallenge> = {}) {
  const slug = over.slug ?? `c-${crypto.randomBytes(4).toString('hex')}`;
  const [c] = await db
    .insert(challenges)
    .values({
      slug,
      title: over.title ?? slug,
      startAt: new Date('2026-01-01T00:00:00Z'),
      endAt: new Date('2026-02-01T00:00:00Z'),
      ...over,
    })
    .returning();
  return c;
}

export async function seedTrack(db: DbOrTx, challengeId: string, slug: string) {
  const [t] = await db.insert(tracks).values({ challengeId, slug, title: slug }).returning();
  return t;
}

export async function seedTask(db: DbOrTx, { challengeId, slug, metric, trackId = null }: { challengeId: string; slug: string; metric: string; trackId?: string | null }) {
  const [t] = await db
    .insert(tasks)
    .values({
      challengeId,
      trackId,
      slug,
      title: slug,
      type: 'classification',
      metric,
      seed: 1,
      publicFraction: 0.3,
      manifest: { columns: {} },
      datasheet: {},
      answerKeyStorageKey: `tasks/${slug}/key`,
      answerKeyHash: 'x',
    })
    .returning({ id: tasks.id, slug: tasks.slug, metric: tasks.metric });
  return t;
}

export async function seedUser(db: DbOrTx, email: string, role: 'participant' | 'organizer' = 'participant') {
  const [u] = await db.insert(users).values({ email, name: email.split('@')[0], role }).returning({ id: users.id, email: users.email });
  return u;
}

/** A team with the given members (user ids); `isBaseline` marks a reference team. */
export async function seedTeam(db: DbOrTx, { challengeId, name, members = [], isBaseline = false }: { challengeId: string; name: string; members?: string[]; isBaseline?: boolean }) {
  const [t] = await db
    .insert(teams)
    .values({ challengeId, name, isBaseline, inviteCode: crypto.randomBytes(9).toString('base64url') })
    .returning({ id: teams.id, name: teams.name, inviteCode: teams.inviteCode });
  if (members.length) await db.insert(teamMembers).values(members.map((userId) => ({ teamId: t.id, challengeId, userId })));
  return t;
}

export interface ScoredRow {
  taskId: string;
  teamId: string;
  userId: string;
  publicScore: number;
  privateScore: number;
  createdAt: Date;
  metric?: string;
  late?: boolean;
  selected?: boolean;
  status?: 'queued' | 'scoring' | 'scored' | 'failed';
}

export function scoredValues(r: ScoredRow) {
  const metric = r.metric ?? 'accuracy';
  const scored = (r.status ?? 'scored') === 'scored';
  return {
    taskId: r.taskId,
    teamId: r.teamId,
    userId: r.userId,
    fileName: 'predictions.csv',
    size: 100,
    sha256: 'x',
    storageKey: `submissions/${crypto.randomUUID()}/file`,
    status: r.status ?? 'scored',
    late: r.late ?? false,
    selected: r.selected ?? false,
    publicScore: scored ? r.publicScore : null,
    privateScore: scored ? r.privateScore : null,
    publicMetrics: scored ? { [metric]: r.publicScore, n_rows: 30 } : null,
    privateMetrics: scored ? { [metric]: r.privateScore, n_rows: 70 } : null,
    allMetrics: scored ? { [metric]: (r.publicScore * 3 + r.privateScore * 7) / 10 } : null,
    createdAt: r.createdAt,
    scoredAt: scored ? new Date(r.createdAt.getTime() + 1000) : null,
  };
}

export async function seedSubmission(db: DbOrTx, r: ScoredRow) {
  const [s] = await db.insert(submissions).values(scoredValues(r)).returning({ id: submissions.id });
  return s.id;
}
