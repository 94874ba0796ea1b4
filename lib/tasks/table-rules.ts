import { applySchema } from '@/lib/tables/apply-schema';
import { readRawTable } from '@/lib/tables/read-table';
import type { ColumnSpec, RawTable, StringColumn, Table } from '@/lib/tables/types';
import type { DataFile } from './folder-files';
import { taskFail } from './task-error';

/**
 * Reads a data file and checks its header against the columns it must have:
 * an extra column is `unknown_column`, a missing one `missing_column`.
 * `refused` maps a column that must not be in this file to the reason.
 */
export async function readChecked(file: DataFile, specs: ColumnSpec[], refused: Record<string, string> = {}, optional: ColumnSpec[] = []): Promise<Table> {
  const raw: RawTable = await readRawTable(file.path, { file: file.name, kind: 'bad_task' });
  const present0 = new Set(raw.columns.map((c) => c.name));
  specs = [...specs, ...optional.filter((o) => present0.has(o.name))];
  const wanted = new Set(specs.map((s) => s.name));
  for (const col of raw.columns) {
    if (col.name in refused) taskFail('column_not_allowed', 'A column must not be in this file', { file: file.name, column: col.name }, refused[col.name]);
    if (!wanted.has(col.name)) {
      taskFail('unknown_column', 'A column has no role in task.json', { file: file.name, column: col.name },
        `This file has the columns ${specs.map((s) => s.name).join(', ')}; give every data column a role in task.json "columns" or remove it.`);
    }
  }
  const present = new Set(raw.columns.map((c) => c.name));
  for (const spec of specs) {
    if (!present.has(spec.name)) taskFail('missing_column', 'A column declared in task.json is missing', { file: file.name, column: spec.name });
  }
  return applySchema(raw, specs, 'bad_task');
}

/** No missing value and no repeat; returns the id → row map (0-based). */
export function uniqueIds(col: StringColumn, file: string): Map<string, number> {
  const rows = new Map<string, number>();
  col.values.forEach((v, i) => {
    if (v === null) taskFail('missing_id', 'An id is empty', { file, column: col.name, row: i + 1, value: v });
    const first = rows.get(v);
    if (first !== undefined) {
      taskFail('duplicate_id', `An id appears twice (first at row ${first + 1})`, { file, column: col.name, row: i + 1, value: v });
    }
    rows.set(v, i);
  });
  return rows;
}

export function noMissing(col: StringColumn, file: string, rule: string, headline: string): string[] {
  col.values.forEach((v, i) => {
    if (v === null) taskFail(rule, headline, { file, column: col.name, row: i + 1, value: v });
  });
  return col.values as string[];
}
