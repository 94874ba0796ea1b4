/**
 * `podium score` builds the key with the same scoringKeyFromFolder, with its id index built in
 * the parse thread (IndexElsewhere, a real worker thread here) and, without a known split, no
 * public/private shuffle. Both must give the key (and every refusal) the plain call gives.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeAnswerKey, type AnswerKey } from '@/lib/scoring/answer-key';
import { resultFromPredictions } from '@/lib/scoring/score-result';
import { startParse, type StartedParse } from '@/lib/scoring/submission/parse-in-thread';
import { offlineScoringKey } from './answer-key-from-folder';
import { scoringKeyFromFolder, type IndexElsewhere } from './scoring-key';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(path.join(tmpdir(), 'scoring-key-elsewhere-'));
let copies = 0;
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => writeFileSync(path.join(dir, file), text);
function copyIris(): string {
  const dir = path.join(tmp, `iris-${copies++}`);
  cpSync(path.join(FIXTURES, 'iris'), dir, { recursive: true });
  return dir;
}

/** A classification folder of n rows (ids not in sorted order), test_labels in test order or reversed. */
function bigFolder(n: number, reversed: boolean): string {
  const dir = path.join(tmp, `big-${copies++}`);
  cpSync(path.join(FIXTURES, 'iris'), dir, { recursive: true });
  write(dir, 'task.json', JSON.stringify({ ...JSON.parse(read(dir, 'task.json')), columns: { id: 'id', species: 'target' } }));
  write(dir, 'train.csv', 'id,species\nt1,a\nt2,b\nt3,c\n');
  const ids = Array.from({ length: n }, (_, i) => `r${(i * 7919) % n}`);
  write(dir, 'test.csv', `id\n${ids.join('\n')}\n`);
  const rows = ids.map((id, i) => `${id},${'abc'[i % 3]}`);
  write(dir, 'test_labels.csv', `id,species\n${(reversed ? rows.reverse() : rows).join('\n')}\n`);
  return dir;
}

let thread: StartedParse;
let elsewhere: IndexElsewhere;
const asked: number[] = [];
beforeAll(async () => {
  const file = path.join(tmp, 'p.csv');
  write(file.replace(/p\.csv$/, ''), 'p.csv', 'id,label\nx,a\n');
  thread = await startParse(file);
  await thread.result;
  elsewhere = (col) => {
    asked.push(col.offsets.length - 1);
    return thread.index(col);
  };
});
afterAll(() => {
  thread.release();
  rmSync(tmp, { recursive: true, force: true });
});

const bytes = (key: AnswerKey) => Buffer.from(serializeAnswerKey(key));

describe('the id index built in the parse thread', () => {
  it('gives the same key, byte for byte, in test order and out of it', async () => {
    for (const folder of [copyIris(), bigFolder(50_000, false), bigFolder(50_000, true)]) {
      const n = asked.length;
      const there = await scoringKeyFromFolder(folder, 7, { index: elsewhere });
      expect(asked.length).toBe(n + 1);
      expect(bytes(there).equals(bytes(await scoringKeyFromFolder(folder, 7)))).toBe(true);
      // The thread still busy when the labels are read: the index is built here.
      const busy: IndexElsewhere = () => ({ index: new Promise(() => {}), cancel: () => true });
      expect(bytes(await scoringKeyFromFolder(folder, 7, { index: busy })).equals(bytes(there))).toBe(true);
    }
  });

  const edits: [string, (d: string) => void][] = [
    ['an id twice in test', (d) => write(d, 'test.csv', read(d, 'test.csv').replace('iris-025,', 'iris-011,'))],
    ['an id twice in test and a label outside the classes (the repeat is reported)', (d) => {
      write(d, 'test.csv', read(d, 'test.csv').replace('iris-025,', 'iris-011,'));
      write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,Iris-virginica', 'iris-039,Iris-germanica'));
    }],
    ['an id twice in test and a labelled id not in test', (d) => {
      write(d, 'test.csv', read(d, 'test.csv').replace('iris-040,', 'iris-039,'));
      write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-011,', 'iris-999,'));
    }],
    ['an id twice in test_labels', (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-025,', 'iris-011,'))],
    ['a label outside the classes', (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,Iris-virginica', 'iris-039,Iris-germanica'))],
    ['an empty id in test', (d) => write(d, 'test.csv', read(d, 'test.csv').replace('iris-025,', ','))],
    ['a test id without a label', (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace(/iris-040,.*\n/, ''))],
    ['an unclosed quote in test_labels', (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,', '"iris-039,'))],
  ];
  it.each(edits)('refuses %s with the same message, naming the same row', async (_, edit) => {
    const dir = copyIris();
    edit(dir);
    const here = await scoringKeyFromFolder(dir).then(() => null, (e: Error) => e.message);
    const there = await scoringKeyFromFolder(dir, undefined, { index: elsewhere }).then(() => null, (e: Error) => e.message);
    expect(here).not.toBeNull();
    expect(there).toBe(here);
  });
});

describe('offline keys without a known split', () => {
  it('skip the shuffle (every row private) and print the same `all`', async () => {
    const folder = bigFolder(20_000, true);
    const { key, splitKnown } = await offlineScoringKey(folder);
    expect(splitKnown).toBe(false);
    expect(key.publicMask.every((m) => m === 0)).toBe(true);
    const site = await scoringKeyFromFolder(folder, 0);
    expect(site.publicMask.some((m) => m === 1)).toBe(true);
    expect(Buffer.from(key.truth.buffer).equals(Buffer.from(site.truth.buffer))).toBe(true);
    const predictions = key.truth.map((t, i) => (i % 5 === 0 ? (t + 1) % 3 : t));
    expect(resultFromPredictions(key, predictions).all).toEqual(resultFromPredictions(site, predictions).all);
    write(folder, 'task.json', JSON.stringify({ ...JSON.parse(read(folder, 'task.json')), seed: 3 }));
    const fixed = await offlineScoringKey(folder);
    expect(fixed.splitKnown).toBe(true);
    expect(bytes(fixed.key).equals(bytes(await scoringKeyFromFolder(folder)))).toBe(true);
  });
});
