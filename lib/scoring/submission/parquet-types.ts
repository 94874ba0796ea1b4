/**
 * Which Parquet types a submission's columns may have, by what the layout uses them for;
 * anything else is refused by name before a value is read.
 */
import type { SchemaElement } from '@/lib/tables/parquet-ranges';
import { badFile, show } from '@/lib/tables/where';
import type { Layout } from './layout';

export type Kind = 'text' | 'number' | 'binary01';

export function usedColumns(layout: Layout, names: string[]): Array<{ name: string; kind: Kind }> {
  if (layout.mode === 'matching') {
    const out: Array<{ name: string; kind: Kind }> = [
      { name: 'left_id', kind: 'text' },
      { name: 'right_id', kind: 'text' },
      { name: 'label', kind: 'binary01' },
    ];
    if (layout.score >= 0) out.push({ name: 'score', kind: 'number' });
    return out;
  }
  if (layout.mode === 'labels') return [{ name: 'id', kind: 'text' }, { name: 'label', kind: 'text' }];
  return [{ name: 'id', kind: 'text' }, ...Array.from(layout.probCols, (c) => ({ name: names[c], kind: 'number' as Kind }))];
}

const allowed: Record<Kind, { types: string[]; says: string }> = {
  text: { types: ['BYTE_ARRAY', 'INT32', 'INT64'], says: 'strings (or integers)' },
  number: { types: ['DOUBLE', 'FLOAT', 'INT32', 'INT64'], says: 'numbers (double, float or integer)' },
  binary01: { types: ['INT32', 'INT64', 'BOOLEAN'], says: 'integers 0/1 (or booleans)' },
};

export function checkType(el: SchemaElement, kind: Kind): void {
  const rule = allowed[kind];
  const nested = (el.num_children ?? 0) > 0;
  const type = nested ? 'a nested group' : (el.type ?? 'unknown');
  const decimal = el.converted_type === 'DECIMAL' || el.logical_type?.type === 'DECIMAL';
  if (nested || !rule.types.includes(type) || decimal || el.repetition_type === 'REPEATED') {
    throw badFile('wrong_type', `column ${show(el.name)} has Parquet type ${decimal ? 'DECIMAL' : type}${el.repetition_type === 'REPEATED' ? ' (repeated)' : ''}; expected ${rule.says}`);
  }
}
