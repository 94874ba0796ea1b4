/**
 * HTTP `Range` (RFC 9110 §14) for single byte ranges. A header we do not serve as a range — a
 * syntax error, another unit, a reversed range, or several ranges — yields `null`, and the
 * response is the whole file with 200, which §14.2 allows ("a server MAY ignore the Range
 * header"). Multi-range is answered that way on purpose: multipart/byteranges buys nothing for
 * file downloads and complicates every client.
 */
export type ByteRange = { start: number; end: number };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/i;

export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // Suffix `-n`: the last n bytes; an empty file or n = 0 has no such bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  // A reversed range is invalid syntax (ignored), unlike one that merely starts past the end.
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** The `Content-Range` value for a 206 answer, or for a 416 answer when given `'unsatisfiable'`. */
export function contentRange(range: ByteRange | 'unsatisfiable', size: number): string {
  return range === 'unsatisfiable' ? `bytes */${size}` : `bytes ${range.start}-${range.end}/${size}`;
}
