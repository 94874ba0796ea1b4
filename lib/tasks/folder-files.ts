import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { taskFail } from './task-error';

export interface DataFile {
  /** File name as the organizer wrote it, e.g. `train.parquet`. */
  name: string;
  path: string;
}

/**
 * Finds `<base>.csv` or `<base>.parquet` for each expected base name. Exactly one
 * of the two must exist; a data file the task type does not use is refused so a
 * misnamed file (e.g. `test_label.csv`) is caught rather than ignored.
 */
export function locateDataFiles<B extends string>(
  folder: string,
  bases: readonly B[],
  forbidden: Record<string, string> = {},
  /** File names task.json gives (e.g. `"train": "products_train.parquet"`); absent ones default to `<base>.csv|parquet`. */
  named: Partial<Record<string, string>> = {},
): Record<B, DataFile> {
  if (!existsSync(path.join(folder, 'task.json'))) {
    taskFail('missing_file', 'The task folder has no task.json', { file: 'task.json' });
  }
  const entries = readdirSync(folder).filter((n) => statSync(path.join(folder, n)).isFile());
  const found = {} as Record<B, DataFile>;
  const namedFiles = new Set<string>();
  for (const base of bases) {
    const given = named[base];
    if (given !== undefined) {
      if (!entries.includes(given)) {
        taskFail('missing_file', `A file named in task.json "${base}" is missing`, { file: given }, `task.json says "${base}": "${given}"; add that file or fix the name.`);
      }
      found[base] = { name: given, path: path.join(folder, given) };
      namedFiles.add(given);
      continue;
    }
    const matches = entries.filter((n) => n === `${base}.csv` || n === `${base}.parquet`);
    if (matches.length === 0) {
      taskFail('missing_file', `A required file is missing`, { file: `${base}.csv` }, `Add ${base}.csv or ${base}.parquet to the folder.`);
    }
    if (matches.length > 1) {
      taskFail('both_formats', 'The folder has both formats of one file', { file: matches.sort().join(' and ') }, 'Keep only one of them.');
    }
    found[base] = { name: matches[0], path: path.join(folder, matches[0]) };
  }
  for (const name of entries) {
    if (namedFiles.has(name)) continue;
    const ext = path.extname(name).toLowerCase();
    if (ext !== '.csv' && ext !== '.parquet') continue;
    const base = name.slice(0, -ext.length);
    if (base in forbidden) taskFail('unexpected_file', 'The folder has a file this task must not have', { file: name }, forbidden[base]);
    if (!(bases as readonly string[]).includes(base) || named[base] !== undefined) {
      taskFail('unknown_file', 'The folder has a data file this task type does not use', { file: name }, `Expected only ${bases.map((b) => `${b}.csv|parquet`).join(', ')}.`);
    }
  }
  return found;
}
