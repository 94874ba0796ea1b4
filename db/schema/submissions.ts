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
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { users } from './accounts';
import { tasks, teams } from './challenges';

/** Prediction files, their scores and the scoring queue's bookkeeping. */
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
    /**
     * Why scoring failed on our side (a disk, database or scorer fault), for organizers only; null for a
     * file the participant got wrong (then `error` names the rule, row and value, and the file is deleted).
     */
    fault: text('fault'),
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
