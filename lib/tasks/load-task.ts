import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadClassification, type LoadedClassification } from './load-classification';
import { loadMatching, type LoadedMatching } from './load-matching';
import { taskFail } from './task-error';
import { parseTaskJson } from './task-json';

export type LoadedTask = LoadedClassification | LoadedMatching;

/**
 * Reads and validates a whole task folder in memory. Nothing is written: the
 * caller stores outputs only once this returns.
 */
export async function loadTaskFolder(folder: string): Promise<LoadedTask> {
  const taskPath = path.join(folder, 'task.json');
  if (!existsSync(taskPath)) taskFail('missing_file', 'The task folder has no task.json', { file: 'task.json' });
  const task = parseTaskJson(readFileSync(taskPath, 'utf8'));
  return task.type === 'classification' ? loadClassification(folder, task) : loadMatching(folder, task);
}
