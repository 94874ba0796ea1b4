import { describe, expect, it } from 'vitest';
import { contentRange, parseRange } from './range';

describe('parseRange', () => {
  const size = 1000;

  it('serves the whole file when there is no Range header', () => {
    expect(parseRange(null, size)).toBeNull();
    expect(parseRange(undefined, size)).toBeNull();
    expect(parseRange('', size)).toBeNull();
  });

  it('reads first-last, first- and -suffix forms', () => {
    expect(parseRange('bytes=0-499', size)).toEqual({ start: 0, end: 499 });
    expect(parseRange('bytes=500-999', size)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=0-0', size)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=999-999', size)).toEqual({ start: 999, end: 999 });
    expect(parseRange('bytes=900-', size)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', size)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-1', size)).toEqual({ start: 999, end: 999 });
    expect(parseRange('Bytes=1-2', size)).toEqual({ start: 1, end: 2 });
  });

  it('clamps an end or suffix past the file to the last byte', () => {
    expect(parseRange('bytes=500-5000', size)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=0-99999999999999999999', size)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=-5000', size)).toEqual({ start: 0, end: 999 });
  });

  it('answers unsatisfiable when no byte of the file is asked for', () => {
    expect(parseRange('bytes=1000-', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=1000-2000', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-5', 0)).toBe('unsatisfiable');
  });

  it('ignores malformed, reversed, other-unit and multi-range headers (whole file, 200)', () => {
    for (const header of [
      'bytes=5-4', 'bytes=-', 'bytes=a-b', 'bytes=1.5-2', 'bytes= 1-2', 'bytes=1 -2', 'bytes=--1', 'bytes=1-2-3',
      'items=0-1', 'bytes 0-1', '0-1', 'bytes=0-1,5-6', 'bytes=0-1, 900-',
    ]) {
      expect(parseRange(header, size), header).toBeNull();
    }
  });
});

describe('contentRange', () => {
  it('formats 206 and 416 values', () => {
    expect(contentRange({ start: 0, end: 499 }, 1000)).toBe('bytes 0-499/1000');
    expect(contentRange('unsatisfiable', 1000)).toBe('bytes */1000');
  });
});
