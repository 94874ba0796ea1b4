/**
 * The inputs of /api/v1 that route handlers parse, in one place, so that the
 * OpenAPI document (lib/api/openapi.ts) is generated from the very schemas the
 * routes use. Responses are described here too, for the document only.
 */
import { z } from 'zod';
import { emailSchema, passwordSchema } from '@/lib/auth/users';
import { boardKinds } from '@/lib/leaderboard/visibility';

export const taskBoardQuery = z.object({
  board: z.enum(boardKinds).default('public').describe('Which board: the live public one, the final private one (organizers, or everyone after the reveal), or late submissions.'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const trackBoardQuery = z.object({
  board: z.enum(['public', 'private']).default('public'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const viewerPartsQuery = z.object({
  task: z.string().min(1).max(200).optional().describe("A task's slug: adds the team's own score history on that task."),
});

export const taskUploadQuery = z.object({
  replace: z.enum(['1', 'true', 'yes', '0', 'false', 'no']).optional().describe('Replace the task of the same slug, keeping its submissions and re-scoring them.'),
});

/** `podium user add` through the site. */
export const userAddBody = z.object({
  email: emailSchema.describe('The account email.'),
  organizer: z.boolean().default(false),
  password: passwordSchema.optional().describe('Absent: a password is generated and answered once.'),
  name: z.string().max(100).optional(),
});

/** `podium token add` through the site. */
export const tokenAddBody = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(80).default('cli'),
});

// ---- responses (for the document) ----

export const errorResponse = z.object({
  error: z.looseObject({ code: z.string().describe('kind:detail, e.g. bad_file:duplicate_id'), message: z.string() }),
});

const metricValues = z.record(z.string(), z.number());

export const challengeList = z.object({
  challenges: z.array(
    z.object({ slug: z.string(), title: z.string(), startAt: z.iso.datetime(), endAt: z.iso.datetime(), phase: z.enum(['upcoming', 'running', 'ended']) }),
  ),
});

export const boardVersionResponse = z.object({
  stamp: z.string().describe("Changes whenever any board of the challenge may have changed (a score, a selection, a team, a freeze, the reveal); compare, don't parse."),
});

export const viewerPartsResponse = z.object({
  user: z.object({ name: z.string().nullable(), email: z.string(), organizer: z.boolean() }).nullable().describe('Null when not signed in.'),
  team: z
    .object({ id: z.uuid(), name: z.string(), disqualifiedAt: z.iso.datetime().nullable(), disqualifiedReason: z.string().nullable() })
    .nullable()
    .describe("The caller's own team in this challenge, or null."),
  history: z
    .object({ team: z.string(), svg: z.string().describe('The chart as SVG; empty when the team has no scored submission yet.') })
    .nullable()
    .describe("With `task`: the team's own public score history on it (every scored submission)."),
});

export const joinResponse = z.object({ challenge: z.string(), joined: z.literal(true), created: z.boolean() });

export const taskFile = z.object({ name: z.string(), size: z.number().int(), sha256: z.string(), url: z.url() });

export const taskResponse = z.looseObject({
  challenge: z.string(),
  slug: z.string(),
  title: z.string(),
  type: z.enum(['classification', 'matching', 'grouping']),
  track: z.string().nullable(),
  metric: z.string(),
  description: z.string(),
  classes: z.array(z.string()).nullable(),
  columns: z.record(z.string(), z.string()),
  publicFraction: z.number(),
  datasheet: z.looseObject({}),
  files: z.array(taskFile),
});

export const submissionStatus = z.enum(['queued', 'scoring', 'scored', 'failed']);

export const submissionListItem = z.object({
  id: z.uuid(),
  status: submissionStatus,
  error: z.string().nullable(),
  fileName: z.string(),
  size: z.number().int(),
  description: z.string(),
  late: z.boolean(),
  selected: z.boolean(),
  public: metricValues,
  createdAt: z.iso.datetime(),
  scoredAt: z.iso.datetime().nullable(),
});

export const submissionList = z.object({ submissions: z.array(submissionListItem) });

export const submissionCreated = z.object({ id: z.uuid(), status: submissionStatus, late: z.boolean(), team: z.string(), remainingToday: z.number().int().nullable() });

export const submissionResponse = submissionListItem.extend({
  challenge: z.string(),
  task: z.string(),
  team: z.string(),
  private: metricValues.optional().describe('Only for organizers, or for everyone once the private board is revealed.'),
  all: metricValues.optional(),
  intervals: z.looseObject({}).nullable().describe('95% bootstrap interval of the ranking metric per part.'),
  metricVersion: z.string().nullable(),
  answerKeyHash: z.string().nullable(),
});

export const boardRow = z.looseObject({
  rank: z.number().int(),
  team: z.string(),
  score: z.number().nullable(),
  metrics: metricValues,
  submissions: z.number().int(),
  lastSubmissionAt: z.iso.datetime().nullable(),
  baseline: z.boolean(),
});

export const taskBoard = z.looseObject({
  task: z.string(),
  board: z.enum(boardKinds),
  metric: z.string(),
  higherIsBetter: z.boolean(),
  rows: z.array(boardRow),
});

export const trackBoard = z.looseObject({
  track: z.string(),
  board: z.enum(['public', 'private']),
  tasks: z.array(z.looseObject({ slug: z.string(), metric: z.string() })),
  rows: z.array(z.looseObject({ rank: z.number().int(), team: z.string() })),
});

export const taskImported = z.looseObject({
  task: z.string(),
  replaced: z.boolean(),
  requeued: z.number().int(),
  counts: z.record(z.string(), z.number()),
});

export const userAdded = z.object({ email: z.string(), role: z.enum(['organizer', 'participant']), created: z.boolean(), password: z.string().optional().describe('Only when generated.') });

export const tokenAdded = z.object({ email: z.string(), name: z.string(), token: z.string().describe('Shown once; only its hash is stored.') });

export const challengeCreated = z.object({ slug: z.string(), title: z.string(), startAt: z.iso.datetime(), endAt: z.iso.datetime() });
