/**
 * The one source of truth for podium's tables, split by concept. Types come from
 * $inferSelect / $inferInsert; every foreign key and every filtered or sorted column is indexed.
 */
export * from './accounts';
export * from './challenges';
export * from './submissions';
import type { apiTokens, users } from './accounts';
import type { challenges, taskFiles, tasks, teams, tracks } from './challenges';
import type { submissions } from './submissions';

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
