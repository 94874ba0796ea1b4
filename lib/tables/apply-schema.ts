import type { ErrorKind } from '@/lib/errors';
import { fail } from './problem';
import type { Column, ColumnSpec, RawTable, Table } from './types';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const utf8 = new TextDecoder();

/** A Parquet or CSV cell as text; `null` for a missing value (an empty string counts as missing). */
function asString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number') {
    if (Number.isNaN(v)) return null;
    text = String(v);
  } else if (typeof v === 'bigint' || typeof v === 'boolean') text = String(v);
  else if (v instanceof Date) text = v.toISOString();
  else if (v instanceof Uint8Array) text = utf8.decode(v);
  else text = JSON.stringify(v);
  return text === '' ? null : text;
}

/** A cell as a number, `null` for missing, `undefined` when it is not a number. */
function asNumber(v: unknown): number | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (text === '') return null;
  if (text === 'NaN' || text === 'nan') return null;
  return NUMBER.test(text) ? Number(text) : undefined;
}

function convert(raw: RawTable, cells: ArrayLike<unknown>, spec: ColumnSpec, kind: ErrorKind): Column {
  const n = raw.numRows;
  if (spec.type === 'string') {
    const values = new Array<string | null>(n);
    for (let i = 0; i < n; i++) values[i] = asString(cells[i]);
    return { name: spec.name, type: 'string', values };
  }
  const values = new Float64Array(n);
  const valid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = asNumber(cells[i]);
    if (x === undefined || (x !== null && spec.type === 'int64' && !Number.isInteger(x))) {
      const what = spec.type === 'int64' ? 'an integer' : 'a number';
      fail(kind, 'not_numeric', `A value is not ${what}`, { file: raw.file, column: spec.name, row: i + 1, value: cells[i] },
        'Numeric columns hold numbers (e.g. 3, -0.5, 1e-3) or an empty field for a missing value.');
    }
    if (x !== null) {
      values[i] = x + 0; // -0 becomes 0: CSV writers print both as 0
      valid[i] = 1;
    }
  }
  return { name: spec.name, type: spec.type, values, valid };
}

/**
 * Gives a raw file the declared types, in the declared column order. The caller
 * has already checked that the file's columns are the declared ones.
 */
export function applySchema(raw: RawTable, specs: ColumnSpec[], kind: ErrorKind = 'bad_file'): Table {
  const byName = new Map(raw.columns.map((c) => [c.name, c.cells]));
  const columns = specs.map((spec) => {
    const cells = byName.get(spec.name);
    if (!cells) fail(kind, 'missing_column', 'A required column is missing', { file: raw.file, column: spec.name });
    return convert(raw, cells, spec, kind);
  });
  return { numRows: raw.numRows, columns };
}
