import {
  bigint,
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
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { users } from './accounts';

/** Challenges and what hangs off them: tracks, tasks and their files, rule acceptances, teams, the audit log. */
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
    /** Archived (soft-deleted): hidden from participants, restorable by an organizer. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
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
    type: text('type', { enum: ['classification', 'matching', 'grouping'] }).notNull(),
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
    /** Archived (soft-deleted): hidden from participants, restorable by an organizer. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
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

/** Dated markdown notes from the organizers, shown on the challenge page newest first. */
export const announcements = pgTable(
  'announcements',
  {
    id: id(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('announcements_challenge_idx').on(t.challengeId, t.createdAt)],
);

/**
 * A counter per challenge that PostgreSQL triggers bump in the same transaction as every change that can
 * alter one of its boards (submissions, teams, tasks, tracks, the challenge itself: migration
 * 0007_board_version), at the commit and once per transaction (migration 0008_board_version_at_commit). Board caches key on it, so every web process sees a change made by any process (a
 * worker writing a score, another web process) at its next request, with one primary-key read.
 */
export const boardVersions = pgTable('board_versions', {
  challengeId: uuid('challenge_id')
    .primaryKey()
    .references(() => challenges.id, { onDelete: 'cascade' }),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});
