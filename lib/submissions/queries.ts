import 'server-only';
import crypto from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { challenges, submissions, teamMembers, tasks, teams } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { authSecret } from '@/lib/config';
import { canSeePrivateScores, seesEverything } from '@/lib/challenges/viewing';
import { PodiumError } from '@/lib/errors';
import type { PartDetails, PrPoint } from './details';
import type { PartIntervals } from './intervals';

/** A team member sees their team's submissions; organizers see all. The check is in the WHERE clause. */
function visibleTo(caller: Caller) {
  if (seesEverything(caller)) return sql`true`;
  return sql`exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${submissions.teamId} and ${teamMembers.userId} = ${caller.userId})`;
}

const listColumns = {
  id: submissions.id,
  fileName: submissions.fileName,
  size: submissions.size,
  description: submissions.description,
  status: submissions.status,
  error: submissions.error,
  late: submissions.late,
  selected: submissions.selected,
  publicMetrics: submissions.publicMetrics,
  createdAt: submissions.createdAt,
  scoredAt: submissions.scoredAt,
};

export async function listTeamSubmissions({ db, caller, taskId }: { db: DbOrTx; caller: Caller; taskId: string }) {
  return db
    .select(listColumns)
    .from(submissions)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, submissions.teamId), eq(teamMembers.userId, caller.userId)))
    .where(eq(submissions.taskId, taskId))
    .orderBy(desc(submissions.createdAt))
    .limit(500);
}

/**
 * One submission as the API and pages show it. Someone else's submission is
 * "not found"; private scores appear only for organizers or after the reveal.
 */
export async function getSubmissionForCaller({ db, caller, id, now = new Date() }: { db: DbOrTx; caller: Caller; id: string; now?: Date }) {
  if (!z.uuid().safeParse(id).success) throw new PodiumError('not_found:submission', 'No such submission.');
  const [row] = await db
    .select({
      ...listColumns,
      privateMetrics: submissions.privateMetrics,
      allMetrics: submissions.allMetrics,
      details: submissions.details,
      metricVersion: submissions.metricVersion,
      answerKeyHash: submissions.answerKeyHash,
      taskId: tasks.id,
      methodNotes: submissions.methodNotes,
      tags: submissions.tags,
      taskSlug: tasks.slug,
      taskTitle: tasks.title,
      taskType: tasks.type,
      metric: tasks.metric,
      teamName: teams.name,
      challengeSlug: challenges.slug,
      challengeEnd: challenges.endAt,
      privateRevealedAt: challenges.privateRevealedAt,
      autoReveal: challenges.autoReveal,
    })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .innerJoin(challenges, eq(challenges.id, tasks.challengeId))
    .where(and(eq(submissions.id, id), visibleTo(caller)))
    .limit(1);
  if (!row) throw new PodiumError('not_found:submission', 'No such submission.');
  const showPrivate = canSeePrivateScores({ caller, challenge: { endAt: row.challengeEnd, privateRevealedAt: row.privateRevealedAt, autoReveal: row.autoReveal }, now });
  const { privateMetrics, allMetrics, details, challengeEnd: _e, privateRevealedAt: _r, autoReveal: _a, answerKeyHash, ...rest } = row;
  return {
    ...rest,
    // The plain hash of a small answer key can be brute-forced (a 12-row key in 17 s): organizers only.
    answerKeyHash: caller.role === 'organizer' ? answerKeyHash : null,
    answerKeyTag: answerKeyTag(answerKeyHash),
    // The whole-test-set numbers and the confusion matrix contain the private rows, so they wait for the reveal too.
    privateMetrics: showPrivate ? privateMetrics : null,
    allMetrics: showPrivate ? allMetrics : null,
    details: pickDetails(details, showPrivate),
    intervals: pickIntervals(details, showPrivate),
    prCurve: pickCurve(details, showPrivate),
    // A refused file's rule (e.g. "bad_file:duplicate_id"), so clients can tell rules apart without parsing the message.
    errorCode: (details as { error?: { code?: string } } | null)?.error?.code ?? null,
  };
}

function pickDetails(details: unknown, showPrivate: boolean): { part: 'public' | 'all'; value: PartDetails } | null {
  const d = details as { public?: PartDetails; all?: PartDetails } | null;
  if (!d?.public) return null;
  return showPrivate && d.all ? { part: 'all', value: d.all } : { part: 'public', value: d.public };
}

function pickIntervals(details: unknown, showPrivate: boolean): PartIntervals {
  const iv = (details as { intervals?: PartIntervals } | null)?.intervals ?? {};
  return showPrivate ? iv : { public: iv.public };
}

function pickCurve(details: unknown, showPrivate: boolean): PrPoint[] | null {
  const c = (details as { prCurve?: { public: PrPoint[]; all: PrPoint[] } } | null)?.prCurve;
  if (!c) return null;
  return showPrivate ? c.all : c.public;
}

/**
 * What participants see of the answer key a score was computed with: a keyed hash (HMAC
 * with the server's secret), equal for equal keys so a re-score against a new key shows,
 * but useless for guessing the key.
 */
export function answerKeyTag(hash: string | null): string | null {
  if (!hash) return null;
  return crypto.createHmac('sha256', authSecret()).update(`answer-key:${hash}`).digest('hex').slice(0, 12);
}

export type SubmissionView = Awaited<ReturnType<typeof getSubmissionForCaller>>;

type ListedSubmission = Awaited<ReturnType<typeof listTeamSubmissions>>[number];

/** The fields every API view of a submission shares (list and detail). */
export function submissionListJson(s: ListedSubmission) {
  return {
    id: s.id,
    status: s.status,
    error: s.error,
    fileName: s.fileName,
    size: s.size,
    description: s.description,
    late: s.late,
    selected: s.selected,
    public: s.publicMetrics ?? {},
    createdAt: s.createdAt.toISOString(),
    scoredAt: s.scoredAt?.toISOString() ?? null,
  };
}

export function submissionJson(s: SubmissionView) {
  return {
    ...submissionListJson(s),
    challenge: s.challengeSlug,
    task: s.taskSlug,
    team: s.teamName,
    errorCode: s.errorCode,
    ...(s.privateMetrics ? { private: s.privateMetrics, all: s.allMetrics } : {}),
    intervals: s.intervals,
    metricVersion: s.metricVersion,
    answerKeyTag: s.answerKeyTag,
    ...(s.answerKeyHash ? { answerKeyHash: s.answerKeyHash } : {}),
  };
}
