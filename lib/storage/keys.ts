import { PodiumError } from '@/lib/errors';

/** S3's own limit on key length, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;
/** Most filesystems refuse longer names. */
const MAX_SEGMENT_LENGTH = 255;
/**
 * A whitelist rather than a blacklist: `%` (encoded slashes), `\`, NUL, `:` and spaces can never
 * appear, so no decoding layer between a request and a store can turn a key into a path trick.
 */
const SEGMENT = /^[A-Za-z0-9_\-=+@][A-Za-z0-9._\-=+@]*$/;

function refuse(key: string, rule: string): never {
  throw new PodiumError('bad_request:blob_key', `Blob key ${JSON.stringify(key)} is refused: ${rule}.`);
}

/**
 * Checks a key such as `tasks/<taskId>/private/answer-key.bin` and returns it unchanged.
 * Segments are `/`-separated, non-empty, made of letters, digits and `._-=+@`, and do not start
 * with `.`: this rules out `..`, `.`, hidden files and the stores' own temporary files.
 */
export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) refuse(String(key), 'it is empty');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) refuse(key, `it is longer than ${MAX_KEY_BYTES} bytes`);
  if (key.includes('\0')) refuse(key, 'it contains a NUL byte');
  if (key.includes('\\')) refuse(key, 'it contains a backslash');
  if (key.startsWith('/')) refuse(key, 'it is an absolute path');
  for (const segment of key.split('/')) {
    if (segment === '') refuse(key, 'it has an empty segment (`//` or a trailing `/`)');
    if (segment === '.' || segment === '..') refuse(key, `it has a \`${segment}\` segment`);
    if (segment.length > MAX_SEGMENT_LENGTH) refuse(key, `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
    if (segment.startsWith('.')) refuse(key, 'a segment starts with `.`');
    if (!SEGMENT.test(segment)) {
      refuse(key, `segment ${JSON.stringify(segment)} has a character outside letters, digits and ._-=+@`);
    }
  }
  return key;
}

/** A prefix follows the key rules; one trailing `/` is allowed and dropped. */
export function validatePrefix(prefix: string): string {
  const trimmed = typeof prefix === 'string' && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return validateKey(trimmed);
}

/** The stores' missing-key error, in one place so both stores say the same thing. */
export function blobNotFound(key: string): PodiumError {
  return new PodiumError('not_found:blob', `No stored file with key ${JSON.stringify(key)}.`);
}

/**
 * Checks a requested byte range against the object size and fills in the defaults. An empty
 * object has no byte to point at, so only the whole-object read (no range) is valid for it.
 */
export function resolveRange(key: string, size: number, range: { start?: number; end?: number } = {}): { start: number; end: number } {
  if (size === 0 && range.start === undefined && range.end === undefined) return { start: 0, end: -1 };
  const start = range.start ?? 0;
  const end = range.end ?? size - 1;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end >= size) {
    throw rangeError(key, range, size);
  }
  return { start, end };
}

export function rangeError(key: string, range: { start?: number; end?: number }, size?: number): PodiumError {
  const of = size === undefined ? '' : ` of ${size} bytes`;
  return new PodiumError(
    'bad_request:range',
    `Byte range ${range.start ?? 0}-${range.end ?? ''} is outside stored file ${JSON.stringify(key)}${of}.`,
  );
}
