/**
 * `podium score`'s join on two threads (parsed-join.ts): a file parsed and scattered in the
 * real parse thread, probed half there and half here, gives what the one-thread join of the
 * same parse gives, and declines (null) whatever that one declines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClassificationKey } from '../answer-key';
import { partitionedIndex } from '../partitioned-index';
import { joinParsedInParallel, runProbe } from './parsed-join';
import { startParse } from './parse-in-thread';
import { PredictionJoin } from './prediction-join';

const tmp = mkdtempSync(path.join(tmpdir(), 'parsed-join-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const N = 30_000;
const ids = Array.from({ length: N }, (_, i) => `id-${i}`);
const classes = ['a', 'b', 'c'];
const key = buildClassificationKey({ ids, labels: ids.map((_, i) => classes[i % 3]), classes, seed: 1, publicFraction: 0.3 });
/** Rows of a shuffled file; label codes are seen in another order than the classes'. */
const rows = ids.map((id, i) => `${id},${classes[(i * 5 + 2) % 3]}`).sort((x, y) => (hash(x) - hash(y)));

function hash(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

async function both(name: string, lines: string[]) {
  const file = path.join(tmp, name);
  writeFileSync(file, `id,label\n${lines.join('\n')}\n`);
  const started = await startParse(file);
  const parsed = await started.result;
  expect(parsed).not.toBeNull();
  // The parse thread hands its result over with the join's arrays ready, for as many key rows as it parsed.
  expect(parsed!.probeArrays?.byK.length).toBe(parsed!.m);
  let probed = 0;
  const two = await joinParsedInParallel(key, parsed!, (t) => {
    probed++;
    return started.probe(t);
  });
  started.release();
  const one = PredictionJoin.fromParsed(key, parsed!)?.finish() ?? null;
  return { two, one, probed };
}

describe('joinParsedInParallel', () => {
  it('gives the one-thread predictions for a shuffled file, the parse thread probing half the partitions', async () => {
    expect(partitionedIndex(key.idColumns[0]).partitionBits).toBeGreaterThan(0);
    const { two, one, probed } = await both('ok.csv', rows);
    expect(probed).toBe(1);
    expect(one).not.toBeNull();
    expect(Array.from(two!)).toEqual(Array.from(one!));
  });

  it('joins the same parse again with fresh arrays (the ready ones hold the first probe\'s marks)', async () => {
    const file = path.join(tmp, 'again.csv');
    writeFileSync(file, `id,label\n${rows.join('\n')}\n`);
    const started = await startParse(file);
    const parsed = (await started.result)!;
    const first = await joinParsedInParallel(key, parsed, (t) => started.probe(t));
    started.release();
    const again = await joinParsedInParallel(key, parsed, async () => false);
    expect(first).not.toBeNull();
    expect(again).toBeNull(); // its other half was not probed: declined, not wrong
    const local = await joinParsedInParallel(key, parsed, async (t) => runProbe(t));
    expect(Array.from(local!)).toEqual(Array.from(first!));
  });

  it('declines a repeated id, an unknown id and a missing row, as the one-thread join does', async () => {
    const repeated = rows.slice();
    repeated[N - 1] = `${rows[0].split(',')[0]},a`;
    const unknown = rows.slice();
    unknown[N >> 1] = 'id-none,a';
    for (const [name, lines] of [['repeated.csv', repeated], ['unknown.csv', unknown], ['short.csv', rows.slice(1)]] as const) {
      const { two, one } = await both(name, lines);
      expect(one).toBeNull();
      expect(two).toBeNull();
    }
  });
});
