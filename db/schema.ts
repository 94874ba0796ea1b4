/**
 * The one source of truth for podium's tables. Types come from $inferSelect /
 * $inferInsert; every foreign key and every filtered or sorted column is indexed.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigint,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name'),
    passwordHash: text('password_hash'),
    role: text('role', { enum: ['organizer', 'participant'] }).notNull().default('participant'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so a user can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/** Failed sign-ins, kept for the rate-limit window, keyed by `email:<e>` or `ip:<addr>`. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: id(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_at_idx').on(t.key, t.at)],
);

export const challenges = pgTable(
  'challenges',
  {
    id: id(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    rules: text('rules').notNull().default(''),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    teamSizeLimit: integer('team_size_limit').notNull().default(5),
    dailySubmissionLimit: integer('daily_submission_limit').notNull().default(5),
    totalSubmissionLimit: integer('total_submission_limit').notNull().default(500),
    finalSelections: integer('final_selections').notNull().default(2),
    mergeDeadline: timestamp('merge_deadline', { withTimezone: true }),
    /** Set when an organizer froze the public board; scores after it stay hidden from participants. */
    publicFrozenAt: timestamp('public_frozen_at', { withTimezone: true }),
    /** Set when the private board was revealed by hand; it is revealed automatically at endAt otherwise. */
    privateRevealedAt: timestamp('private_revealed_at', { withTimezone: true }),
    autoReveal: boolean('auto_reveal').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('challenges_slug_idx').on(t.slug), index('challenges_start_idx').on(t.startAt)],
);

export const tracks = pgTable(
  'tracks',
  {
    id: id(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('tracks_challenge_slug_idx').on(t.challengeId, t.slug), index('tracks_challenge_idx').on(t.challengeId)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    trackId: uuid('track_id').references(() => tracks.id, { onDelete: 'set null' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    type: text('type', { enum: ['classification', 'matching'] }).notNull(),
    metric: text('metric').notNull(),
    description: text('description').notNull().default(''),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    publicFraction: doublePrecision('public_fraction').notNull(),
    /** task.json as imported (columns and roles included). */
    manifest: jsonb('manifest').notNull(),
    classes: jsonb('classes').$type<string[] | null>(),
    datasheet: jsonb('datasheet').notNull(),
    answerKeyStorageKey: text('answer_key_storage_key').notNull(),
    answerKeyHash: text('answer_key_hash').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tasks_challenge_slug_idx').on(t.challengeId, t.slug),
    index('tasks_challenge_idx').on(t.challengeId),
    index('tasks_track_idx').on(t.trackId),
  ],
);

/** Published files only; answer keys are never rows here, so no file route can reach them. */
export const taskFiles = pgTable(
  'task_files',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    storageKey: text('storage_key').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('task_files_task_name_idx').on(t.taskId, t.name), index('task_files_task_idx').on(t.taskId)],
);

export const ruleAcceptances = pgTable(
  'rule_acceptances',
  {
    id: id(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rule_acceptances_challenge_user_idx').on(t.challengeId, t.userId),
    index('rule_acceptances_user_idx').on(t.userId),
  ],
);

export const teams = pgTable(
  'teams',
  {
    id: id(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    inviteCode: text('invite_code').notNull(),
    isBaseline: boolean('is_baseline').notNull().default(false),
    disqualifiedAt: timestamp('disqualified_at', { withTimezone: true }),
    disqualifiedReason: text('disqualified_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('teams_challenge_name_idx').on(t.challengeId, t.name),
    uniqueIndex('teams_invite_idx').on(t.inviteCode),
    index('teams_challenge_idx').on(t.challengeId),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    id: id(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One team per person per challenge.
    uniqueIndex('team_members_challenge_user_idx').on(t.challengeId, t.userId),
    index('team_members_team_idx').on(t.teamId),
    index('team_members_user_idx').on(t.userId),
  ],
);

export const submissionStatus = ['queued', 'scoring', 'scored', 'failed'] as const;

export const submissions = pgTable(
  'submissions',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: submissionStatus }).notNull().default('queued'),
    error: text('error'),
    late: boolean('late').notNull().default(false),
    selected: boolean('selected').notNull().default(false),
    /** Queue bookkeeping: a claimed job has a lease; an expired lease is claimed again. */
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Ranking-metric values, denormalized so boards sort in the index. */
    publicScore: doublePrecision('public_score'),
    privateScore: doublePrecision('private_score'),
    publicMetrics: jsonb('public_metrics').$type<Record<string, number>>(),
    privateMetrics: jsonb('private_metrics').$type<Record<string, number>>(),
    allMetrics: jsonb('all_metrics').$type<Record<string, number>>(),
    details: jsonb('details'),
    metricVersion: text('metric_version'),
    answerKeyHash: text('answer_key_hash'),
    /** Blob with the per-row predictions (compact typed array), kept for bootstrap intervals and comparisons. */
    predictionsStorageKey: text('predictions_storage_key'),
    /** Markdown notes on the method (shown on the methods page after the end) and its tags. */
    methodNotes: text('method_notes').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /** Which worker holds the lease, for diagnosis. */
    workerId: text('worker_id'),
    createdAt: createdAt(),
    scoredAt: timestamp('scored_at', { withTimezone: true }),
  },
  (t) => [
    index('submissions_task_idx').on(t.taskId),
    index('submissions_team_idx').on(t.teamId),
    index('submissions_user_idx').on(t.userId),
    index('submissions_team_task_created_idx').on(t.teamId, t.taskId, t.createdAt),
    index('submissions_task_status_idx').on(t.taskId, t.status),
    // Boards read each team's best score per task (DISTINCT ON team_id ordered by public_score).
    index('submissions_board_idx').on(t.taskId, t.teamId, t.publicScore),
    index('submissions_queue_idx').on(t.status, t.leaseUntil),
  ],
);

/** Previous scores of a submission, kept when it is re-scored so organizers can compare. */
export const scoreHistory = pgTable(
  'score_history',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    publicMetrics: jsonb('public_metrics'),
    privateMetrics: jsonb('private_metrics'),
    metricVersion: text('metric_version'),
    answerKeyHash: text('answer_key_hash'),
    scoredAt: timestamp('scored_at', { withTimezone: true }),
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('score_history_submission_idx').on(t.submissionId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    challengeId: uuid('challenge_id').references(() => challenges.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subject: text('subject'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_challenge_idx').on(t.challengeId, t.at), index('audit_log_actor_idx').on(t.actorId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type NewChallenge = typeof challenges.$inferInsert;
export type Track = typeof tracks.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type TaskFile = typeof taskFiles.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
