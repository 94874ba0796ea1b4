/**
 * The columnar shape every task file is read into. Strings stay JS strings (one per
 * cell is fine for import); numbers live in a Float64Array with a validity mask so a
 * 1M-row numeric column costs 9 MB, not 1M boxed values.
 */
export type ColumnType = 'string' | 'float64' | 'int64';

export interface StringColumn {
  name: string;
  type: 'string';
  /** `null` is a missing value; an empty string never appears (it is read as missing). */
  values: (string | null)[];
}

export interface NumberColumn {
  name: string;
  /** `int64` is only used for 0/1 pair labels; its values are integral and stored as float64 here. */
  type: 'float64' | 'int64';
  values: Float64Array;
  /** 1 where the cell has a value, 0 where it is missing. */
  valid: Uint8Array;
}

export type Column = StringColumn | NumberColumn;

export interface Table {
  numRows: number;
  columns: Column[];
}

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** A file as read, before column types are applied: CSV cells are strings, Parquet cells are native values. */
export interface RawTable {
  /** The file name used in messages (e.g. `train.csv`). */
  file: string;
  numRows: number;
  columns: { name: string; cells: ArrayLike<unknown> }[];
}

export function getColumn(table: Table, name: string): Column {
  const col = table.columns.find((c) => c.name === name);
  if (!col) throw new Error(`column ${name} is not in the table`);
  return col;
}

export function stringColumn(table: Table, name: string): StringColumn {
  const col = getColumn(table, name);
  if (col.type !== 'string') throw new Error(`column ${name} is ${col.type}, not string`);
  return col;
}

export function numberColumn(table: Table, name: string): NumberColumn {
  const col = getColumn(table, name);
  if (col.type === 'string') throw new Error(`column ${name} is a string column`);
  return col;
}
