import { PodiumError, type ErrorKind } from '@/lib/errors';

/** Where a problem is: every user-facing message about a file names these. */
export interface Place {
  file: string;
  column?: string;
  /** 1-based data row; row 1 is the first row after the CSV header (the first Parquet row). */
  row?: number;
  value?: unknown;
}

const MAX_VALUE_CHARS = 80;

export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
  return JSON.stringify(cut);
}

export function placeText(p: Place): string {
  const parts = [p.file];
  if (p.column !== undefined) parts.push(`column "${p.column}"`);
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if ('value' in p) parts.push(`value ${showValue(p.value)}`);
  return parts.join(', ');
}

/**
 * Throws the one error type with a message of the form
 * `<headline> [rule] in train.csv, column "price", row 3, value "abc". <hint>`.
 */
export function fail(kind: ErrorKind, rule: string, headline: string, place: Place, hint?: string): never {
  const message = `${headline} [${rule}] in ${placeText(place)}.${hint ? ` ${hint}` : ''}`;
  throw new PodiumError(`${kind}:${rule}`, message, { rule, file: place.file, column: place.column, row: place.row });
}
