import { z } from 'zod';
import { PodiumError } from '@/lib/errors';
import { metrics, type MetricInfo } from '@/lib/scoring/metrics';

export const COLUMN_ROLES = ['id', 'target', 'text', 'numeric', 'categorical', 'image'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** The metrics a task of each type may rank by: read from the metric registry (lib/scoring/metrics), in its order. */
function metricNamesFor(taskType: MetricInfo['taskType']): [string, ...string[]] {
  const names = metrics.filter((m) => m.taskType === taskType).map((m) => m.name);
  if (names.length === 0) throw new Error(`the metric registry has no ${taskType} metric`);
  return names as [string, ...string[]];
}

export const METRICS = {
  classification: metricNamesFor('classification'),
  matching: metricNamesFor('matching'),
  grouping: metricNamesFor('grouping'),
} as const;

/** A data file named in task.json: a plain `.csv` or `.parquet` file name inside the folder. */
const fileName = z
  .string()
  .regex(/^[^/\\]+\.(csv|parquet)$/i, 'a file name in the task folder ending in .csv or .parquet (no folders)');

/** The organizer's own time (or any ordered) split: test rows whose `by` value is at least `private_from` are private. */
const timeSplit = z.strictObject({ by: z.string().min(1), private_from: z.union([z.string().min(1), z.number()]) });

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (e.g. "product-type")');

const base = {
  slug,
  title: z.string().trim().min(1).max(200),
  track: slug,
  description: z.string().default(''),
  columns: z
    .record(z.string().min(1), z.enum(COLUMN_ROLES, { error: `a column role is one of ${COLUMN_ROLES.join(', ')}` }))
    .refine((c) => Object.keys(c).length > 0, 'declare at least the id column'),
  /** Absent: 0.3, unless the split comes from the organizer (a `split` column or `"split"`). */
  public_fraction: z.number().gt(0).lt(1).optional(),
  /** Fixing the seed makes the split computable by anyone with task.json; absent, a secret is drawn at import. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** The data's license (an SPDX id such as "CC-BY-4.0", or a URL) and how to cite it; shown in the Croissant metadata. */
  license: z.string().trim().min(1).max(200).optional(),
  citation: z.string().trim().min(1).max(5000).optional(),
  split: timeSplit.optional(),
  test_labels: fileName.optional(),
};

export const DEFAULT_PUBLIC_FRACTION = 0.3;

const classification = z.strictObject({
  ...base,
  type: z.literal('classification'),
  train: fileName.optional(),
  test: fileName.optional(),
  metric: z.enum(METRICS.classification, { error: `for a classification task, metric is one of ${METRICS.classification.join(', ')}` }),
});

const matching = z.strictObject({
  ...base,
  type: z.literal('matching'),
  metric: z.enum(METRICS.matching, { error: `for a matching task, metric is one of ${METRICS.matching.join(', ')}` }),
  left: fileName.optional(),
  /** `"left"`: de-duplication within one table; otherwise the right file's name. */
  right: z.union([z.literal('left'), fileName]).optional(),
  train_pairs: fileName.optional(),
  test_pairs: fileName.optional(),
  /** `"open"`: no test_pairs; participants submit the pairs they predict match. */
  candidates: z.enum(['listed', 'open']).optional(),
});

const grouping = z.strictObject({
  ...base,
  type: z.literal('grouping'),
  train: fileName.optional(),
  test: fileName.optional(),
  metric: z.enum(METRICS.grouping, { error: `for a grouping task, metric is one of ${METRICS.grouping.join(', ')}` }),
});

export const taskJsonSchema = z.discriminatedUnion('type', [classification, matching, grouping], {
  error: 'type is "classification", "matching" or "grouping"',
});

export type TaskJson = z.infer<typeof taskJsonSchema>;
export type ClassificationTaskJson = z.infer<typeof classification>;
export type MatchingTaskJson = z.infer<typeof matching>;
export type GroupingTaskJson = z.infer<typeof grouping>;

function roleCount(columns: Record<string, ColumnRole>, role: ColumnRole): string[] {
  return Object.entries(columns)
    .filter(([, r]) => r === role)
    .map(([name]) => name);
}

function bad(rule: string, message: string): never {
  throw new PodiumError(`bad_task:${rule}`, `${message} [${rule}] in task.json.`, { rule, file: 'task.json' });
}

/** Parses task.json text; every problem names the field and what is allowed. */
export function parseTaskJson(text: string): TaskJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    bad('task_json_syntax', `task.json is not valid JSON (${(e as Error).message})`);
  }
  const parsed = taskJsonSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    const rule = issue.path[0] === 'metric' ? 'metric_for_type' : issue.path[0] === 'columns' ? 'column_role' : 'task_json_field';
    bad(rule, `task.json field "${field}": ${issue.message}`);
  }
  const task = parsed.data;
  const ids = roleCount(task.columns, 'id');
  if (ids.length !== 1) bad('id_column', `task.json "columns" must give exactly one column the role "id" (found ${ids.length}: ${ids.join(', ') || 'none'})`);
  const targets = roleCount(task.columns, 'target');
  if (task.type === 'classification' && targets.length !== 1) {
    bad('target_column', `task.json "columns" must give exactly one column the role "target" (found ${targets.length}: ${targets.join(', ') || 'none'})`);
  }
  if (task.type === 'matching' && targets.length > 0) {
    bad('target_column', `a matching task has no "target" column in its record tables (found ${targets.join(', ')}); labels live in the pair files`);
  }
  if (task.type === 'grouping' && targets.length > 0) {
    bad('target_column', `a grouping task has no "target" column (found ${targets.join(', ')}); the group is the column "group" of train and test_labels`);
  }
  if (task.type === 'grouping' && 'group' in task.columns) {
    bad('group_column', 'in a grouping task "group" is the group column of train and test_labels, not a column with a role; remove it from "columns"');
  }
  if (task.split) {
    if (task.public_fraction !== undefined) bad('split_and_fraction', 'task.json has both "split" and "public_fraction"; the organizer\'s split decides which rows are public, so remove "public_fraction"');
    const role = task.columns[task.split.by];
    if (role === undefined) bad('split_column', `task.json "split.by" names the column "${task.split.by}", which is not in "columns"; it must be a column of the test records`);
    if (role === 'target' || role === 'image') bad('split_column', `task.json "split.by" names the ${role} column "${task.split.by}"; split on a column of the test records (a date, a region, a seller…)`);
  }
  return task;
}

export function idColumnOf(task: TaskJson): string {
  return roleCount(task.columns, 'id')[0];
}

export function targetColumnOf(task: ClassificationTaskJson): string {
  return roleCount(task.columns, 'target')[0];
}

export function imageColumnsOf(task: TaskJson): string[] {
  return roleCount(task.columns, 'image');
}
