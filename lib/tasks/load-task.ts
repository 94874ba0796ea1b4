import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadClassification, type LoadedClassification } from './load-classification';
import { loadGrouping, type LoadedGrouping } from './load-grouping';
import { loadMatching, type LoadedMatching } from './load-matching';
import { taskFail } from './task-error';
import { parseTaskJson } from './task-json';

export type LoadedTask = LoadedClassification | LoadedMatching | LoadedGrouping;

/**
 * Reads and validates a whole task folder in memory. Nothing is written: the
 * caller stores outputs only once this returns.
 */
export async function loadTaskFolder(folder: string): Promise<LoadedTask> {
  const taskPath = path.join(folder, 'task.json');
  if (!existsSync(taskPath)) taskFail('missing_file', 'The task folder has no task.json', { file: 'task.json' });
  const task = parseTaskJson(readFileSync(taskPath, 'utf8'));
  if (task.type === 'classification') return loadClassification(folder, task);
  if (task.type === 'grouping') return loadGrouping(folder, task);
  return loadMatching(folder, task);
}
