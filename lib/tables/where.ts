import { PodiumError } from '@/lib/errors';

/**
 * Where a problem is, in the words a participant can act on. Rows are 1-based data
 * rows (the header is not a row); for CSV the physical line (header = line 1) is added
 * because embedded newlines make the two differ.
 */
export function where(row: number, line: number): string {
  if (row === 0) return line > 0 ? `the header (line ${line})` : 'the header';
  return line > 0 ? `row ${row} (line ${line})` : `row ${row}`;
}

/** Shows a value as the participant wrote it, cut short so a huge field cannot flood the message. */
export function show(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `'${cut.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
}

export function badFile(rule: string, message: string): PodiumError {
  return new PodiumError(`bad_file:${rule}`, message, { rule });
}
