import { describe, expect, it } from 'vitest';
import { byteColumnFromStrings } from '@/lib/scoring/byte-hash';
import { LabelRows } from './label-rows';

const enc = new TextEncoder();
/** The test row of one id, as scanColumns hands a row to the key (one buffer per column). */
function rowOf(rows: LabelRows, id: string): number {
  const b = enc.encode(id);
  return rows.testRow([b], Int32Array.of(0), Int32Array.of(b.length));
}

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('LabelRows', () => {
  it('names the earlier label row of a repeat, in test order and after a row out of order', () => {
    const rows = new LabelRows([byteColumnFromStrings(ids)]);
    expect(rows.claim(rowOf(rows, 'a'), 1)).toBe(0);
    expect(rows.claim(rowOf(rows, 'b'), 2)).toBe(0);
    expect(rows.claim(rowOf(rows, 'a'), 3)).toBe(1); // a repeat while in order
    expect(rows.claim(rowOf(rows, 'e'), 3)).toBe(0); // out of order: from here each claim is recorded
    expect(rows.claim(rowOf(rows, 'b'), 4)).toBe(2);
    expect(rows.claim(rowOf(rows, 'e'), 4)).toBe(3);
    expect(rows.claim(rowOf(rows, 'c'), 4)).toBe(0);
    expect(rows.count).toBe(4);
    expect(rows.firstUnlabelled()).toBe(3);
    expect(rows.unlabelled(1)).toBe(true); // after c comes d, unlabelled
    expect(rows.claim(rowOf(rows, 'd'), 5)).toBe(0);
    expect(rows.unlabelled(1)).toBe(false); // after d comes e, labelled by row 3
    expect(rows.firstUnlabelled()).toBe(-1);
  });

  it('counts a run claimed from another label row than its test row as recorded rows', () => {
    const rows = new LabelRows([byteColumnFromStrings(ids)]);
    rows.claimRun(2, 0);
    expect(rows.firstUnlabelled()).toBe(2);
    expect(rows.unlabelled(3)).toBe(true);
    expect(rows.unlabelled(4)).toBe(false); // past the last test row
    rows.claimRun(2, 5); // test rows c, d by label rows 6, 7 (rows 3–5 were elsewhere)
    expect(rows.claim(rowOf(rows, 'a'), 8)).toBe(1);
    expect(rows.claim(rowOf(rows, 'd'), 8)).toBe(7);
    expect(rows.firstUnlabelled()).toBe(4);
  });
});
