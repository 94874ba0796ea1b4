/**
 * The import's answer key and `podium score`'s are one code path: for a task whose task.json fixes
 * the seed (the only case where `podium score` knows the site's split), the key the import stores
 * (`prepareTask`, what `importTask` uploads) and the key `podium score` scores against
 * (`offlineScoringKey`, scripts/commands/score.ts) are the same bytes, on the typed-array path
 * (classification and closed matching, CSV or Parquet labels) and on the table path (grouping).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { serializeAnswerKey } from '@/lib/scoring/answer-key';
import { applySchema } from '@/lib/tables/apply-schema';
import { writeParquet } from '@/lib/tables/parquet-write';
import { readRawTable } from '@/lib/tables/read-table';
import { offlineScoringKey } from './answer-key-from-folder';
import { prepareTask } from './prepare';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(path.join(tmpdir(), 'one-key-path-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A copy of a fixture whose task.json fixes `seed`. */
function withSeed(name: string, seed: number): string {
  const dir = path.join(tmp, `${name}-${n++}`);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify({ ...json, seed }));
  return dir;
}

async function labelsAsParquet(dir: string): Promise<string> {
  const raw = await readRawTable(path.join(dir, 'test_labels.csv'));
  writeParquet(applySchema(raw, raw.columns.map((c) => ({ name: c.name, type: 'string' as const }))), path.join(dir, 'test_labels.parquet'));
  rmSync(path.join(dir, 'test_labels.csv'));
  return dir;
}

it.each([
  ['iris (classification, CSV)', () => withSeed('iris', 11)],
  ['iris (classification, test_labels.parquet)', () => labelsAsParquet(withSeed('iris', 12))],
  ['products (closed matching)', () => withSeed('products', 13)],
  ['variants (grouping, built from the validated tables)', () => withSeed('variants', 14)],
] as const)('%s: the stored key is the key `podium score` uses, byte for byte', async (_, make) => {
  const folder = await make();
  const prepared = await prepareTask({ folder, outDir: path.join(tmp, `out-${n++}`) });
  const stored = readFileSync(prepared.answerKey.path);
  const offline = await offlineScoringKey(folder);
  expect(offline.splitKnown).toBe(true);
  expect(stored.equals(Buffer.from(serializeAnswerKey(offline.key)))).toBe(true);
});
