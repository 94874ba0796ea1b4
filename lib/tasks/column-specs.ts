import type { ColumnSpec } from '@/lib/tables/types';
import type { ColumnRole, TaskJson } from './task-json';

export function typeOfRole(role: ColumnRole): ColumnSpec['type'] {
  return role === 'numeric' ? 'float64' : 'string';
}

/** The declared columns in task.json order, optionally without some roles. */
export function specsOf(task: TaskJson, without: ColumnRole[] = []): ColumnSpec[] {
  return Object.entries(task.columns)
    .filter(([, role]) => !without.includes(role))
    .map(([name, role]) => ({ name, type: typeOfRole(role) }));
}
