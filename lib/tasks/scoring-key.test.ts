import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '@/datasets/generate';
import { PodiumError } from '@/lib/errors';
import { serializeAnswerKey, type AnswerKey } from '@/lib/scoring/answer-key';
import { publicMask, seedFromSlug } from '@/lib/scoring/split';
import { applySchema } from '@/lib/tables/apply-schema';
import { writeParquet } from '@/lib/tables/parquet-write';
import { readRawTable } from '@/lib/tables/read-table';
import type { ColumnSpec } from '@/lib/tables/types';
import { buildClassificationKey, buildMatchingKey } from '@/lib/scoring/answer-key';
import { stringColumn } from '@/lib/tables/types';
import { answerKeyFromFolder, fastPathApplies } from './answer-key-from-folder';
import { parseTaskJson } from './task-json';
import { DEFAULT_PUBLIC_FRACTION } from './task-json';
import { prepareTask } from './prepare';
import { loadTaskFolder } from './load-task';
import { scoringKeyFromFolder } from './scoring-key';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(path.join(tmpdir(), 'scoring-key-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let copies = 0;
function copyFixture(name: string): string {
  const dir = path.join(tmp, `${name}-${copies++}`);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
const write = (dir: string, file: string, text: string | Uint8Array) => writeFileSync(path.join(dir, file), text);
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

/** Rewrites `<base>.csv` as `<base>.parquet`: label and left/right ids typed as `types` says, the rest strings. */
async function toParquet(dir: string, base: string, types: Record<string, ColumnSpec['type']> = {}): Promise<void> {
  const raw = await readRawTable(path.join(dir, `${base}.csv`));
  const specs = raw.columns.map((c) => ({ name: c.name, type: types[c.name] ?? 'string' }));
  writeParquet(applySchema(raw, specs), path.join(dir, `${base}.parquet`));
  rmSync(path.join(dir, `${base}.csv`));
}

/** An independent reference: the key built from the import's validated tables (strings), not by scoring-key.ts. */
async function fullKey(folder: string): Promise<AnswerKey> {
  const loaded = await loadTaskFolder(folder);
  // The fast path without a seed uses task.json's or the slug's (the import passes its secret one).
  const seed = loaded.task.seed ?? seedFromSlug(loaded.task.slug);
  const publicFraction = loaded.task.public_fraction ?? DEFAULT_PUBLIC_FRACTION;
  if (loaded.type === 'classification') {
    return buildClassificationKey({ ids: loaded.testIds, labels: loaded.testLabels, classes: loaded.classes, seed, publicFraction });
  }
  if (loaded.type !== 'matching' || !loaded.testPairs) throw new Error('fullKey: classification or closed matching only');
  return buildMatchingKey({
    leftIds: stringColumn(loaded.testPairs, 'left_id').values as string[],
    rightIds: stringColumn(loaded.testPairs, 'right_id').values as string[],
    labels: loaded.testLabels,
    seed,
    publicFraction,
  });
}

/** The fast key must serialize to exactly the bytes of the import path's key. */
async function expectSameKey(folder: string): Promise<AnswerKey> {
  const fast = await scoringKeyFromFolder(folder);
  const full = Buffer.from(serializeAnswerKey(await fullKey(folder)));
  expect(Buffer.from(serializeAnswerKey(fast)).equals(full)).toBe(true);
  return fast;
}

async function refusal(folder: string): Promise<PodiumError> {
  const e = await scoringKeyFromFolder(folder).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(PodiumError);
  return e as PodiumError;
}

describe('scoringKeyFromFolder gives the import path\'s answer key, byte for byte', () => {
  it('on the iris fixture (classification, CSV): classes, truth and the seeded split', async () => {
    const key = await expectSameKey(copyFixture('iris'));
    expect(key.classes).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    expect(key.n).toBe(12);
    expect(key.seed).toBe(seedFromSlug('iris-species'));
    expect(Array.from(key.publicMask)).toEqual(Array.from(publicMask({ n: 12, seed: key.seed, fraction: 0.5 })));
  });

  it('on the products fixture (matching, CSV)', async () => {
    const key = await expectSameKey(copyFixture('products'));
    expect(key.idNames).toEqual(['left_id', 'right_id']);
    expect(key.classes).toEqual(['0', '1']);
  });

  it('when test_labels lists the ids in another order than test (rows stay in test order)', async () => {
    const dir = copyFixture('iris');
    const [head, ...rows] = read(dir, 'test_labels.csv').trimEnd().split('\n');
    write(dir, 'test_labels.csv', [head, ...rows.reverse()].join('\n'));
    await expectSameKey(dir);
    const pairs = copyFixture('products');
    const [h, ...p] = read(pairs, 'test_labels.csv').trimEnd().split('\n');
    write(pairs, 'test_labels.csv', [h, ...p.reverse()].join('\n'));
    await expectSameKey(pairs);
  });

  it('with a BOM, CRLF, quoted ids holding commas and quotes, non-ASCII and invalid UTF-8 bytes', async () => {
    const dir = copyFixture('iris');
    write(dir, 'task.json', read(dir, 'task.json').replace('"iris-species"', '"odd-ids"').replace('"public_fraction": 0.5', '"public_fraction": 0.5, "seed": 7'));
    const ids = ['"a,b"', '"say ""hi"""', 'é-1', '🙂', 'plain', 'x\u00a0y'];
    write(dir, 'test.csv', `\ufeffid,sepal_length,sepal_width,petal_length,petal_width\r\n${ids.map((id) => `${id},1,2,3,4`).join('\r\n')}\r\n`);
    const labels = ids.map((id, i) => `${id},${i % 2 ? 'Iris-setosa' : '"Iris-virginica"'}`).reverse();
    write(dir, 'test_labels.csv', `id,species\r\n${labels.join('\r\n')}\r\n`);
    const key = await expectSameKey(dir);
    expect(key.seed).toBe(7);

    const bad = copyFixture('iris');
    const enc = (s: string) => Buffer.from(s);
    const invalid = Buffer.concat([enc('id,sepal_length,sepal_width,petal_length,petal_width\nbad'), Buffer.from([0xff, 0xe2]), enc('-1,1,2,3,4\nok,1,2,3,4\n')]);
    write(bad, 'test.csv', invalid);
    write(bad, 'test_labels.csv', Buffer.concat([enc('id,species\nok,Iris-setosa\nbad'), Buffer.from([0xff, 0xe2]), enc('-1,Iris-virginica\n')]));
    await expectSameKey(bad);
  });

  it('on Parquet folders, including integer ids and integer pair labels', async () => {
    const iris = copyFixture('iris');
    for (const base of ['train', 'test', 'test_labels']) await toParquet(iris, base);
    await expectSameKey(iris);

    const products = copyFixture('products');
    for (const base of ['left', 'right']) await toParquet(products, base);
    for (const base of ['train_pairs', 'test_pairs', 'test_labels']) await toParquet(products, base, { label: 'int64' });
    await expectSameKey(products);

    const numeric = copyFixture('iris');
    const csv = read(numeric, 'test.csv').replace(/iris-0*/g, '');
    write(numeric, 'test.csv', csv);
    write(numeric, 'test_labels.csv', read(numeric, 'test_labels.csv').replace(/iris-0*/g, ''));
    await toParquet(numeric, 'test', { id: 'float64' });
    await expectSameKey(numeric);
  });

  describe('on the demo challenge (CSV, Parquet, matching with "right": "left")', () => {
    let taskDirs: string[] = [];
    beforeAll(async () => {
      ({ taskDirs } = await generateDemo({ outDir: path.join(tmp, 'demo') }));
    }, 180_000);

    it('every task', async () => {
      expect(taskDirs.length).toBe(5);
      for (const dir of taskDirs) await expectSameKey(dir);
    });
  });
});

describe('scoringKeyFromFolder refuses what would make the scores wrong, as bad_task', () => {
  const cases: { name: string; fixture: 'iris' | 'products'; edit: (dir: string) => void; code: string; message: string }[] = [
    { name: 'no test_labels', fixture: 'iris', edit: (d) => rmSync(path.join(d, 'test_labels.csv')),
      code: 'bad_task:missing_file', message: 'A required file is missing [missing_file] in test_labels.csv.' },
    { name: 'task.json that is not JSON', fixture: 'iris', edit: (d) => write(d, 'task.json', '{"slug": '),
      code: 'bad_task:task_json_syntax', message: 'task.json is not valid JSON' },
    { name: 'a task.json without a target column', fixture: 'iris', edit: (d) => write(d, 'task.json', read(d, 'task.json').replace('"target"', '"categorical"')),
      code: 'bad_task:target_column', message: 'exactly one column the role "target" (found 0: none)' },
    { name: 'an id twice in test_labels', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-025,', 'iris-011,')),
      code: 'bad_task:duplicate_id', message: 'An id appears twice (first at row 1) [duplicate_id] in test_labels.csv, column "id", row 2, value "iris-011".' },
    { name: 'an id twice in test', fixture: 'iris', edit: (d) => write(d, 'test.csv', read(d, 'test.csv').replace('iris-025,', 'iris-011,')),
      code: 'bad_task:duplicate_id', message: 'An id appears twice (first at row 1) [duplicate_id] in test.csv, column "id", row 2, value "iris-011".' },
    { name: 'a label outside the train classes', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,Iris-virginica', 'iris-039,Iris-germanica')),
      code: 'bad_task:label_not_in_train', message: 'A test label is not one of the train classes [label_not_in_train] in test_labels.csv, column "species", row 3, value "Iris-germanica". Train classes: Iris-setosa, Iris-versicolor, Iris-virginica.' },
    { name: 'an empty label', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,Iris-virginica', 'iris-039,')),
      code: 'bad_task:missing_label', message: 'A test label is empty [missing_label] in test_labels.csv, column "species", row 3, value (empty).' },
    { name: 'a labelled id that is not in test', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,', 'iris-999,')),
      code: 'bad_task:label_id_not_in_test', message: 'A labelled id is not in the test file [label_id_not_in_test] in test_labels.csv, column "id", row 3, value "iris-999".' },
    { name: 'a test id without a label', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace(/iris-040,.*\n/, '')),
      code: 'bad_task:test_id_without_label', message: 'A test id has no row in test_labels.csv [test_id_without_label] in test.csv, column "id", row 6, value "iris-040".' },
    { name: 'test_labels without the target column', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('id,species', 'id,label')),
      code: 'bad_task:missing_column', message: 'A column declared in task.json is missing [missing_column] in test_labels.csv, column "species".' },
    { name: 'an unclosed quote in test_labels', fixture: 'iris', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace('iris-039,', '"iris-039,')),
      code: 'bad_task:unterminated_quote', message: 'test_labels.csv: row 3 (line 4): a quoted field opened here is never closed' },
    { name: 'a pair twice in test_labels', fixture: 'products', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace(/\n(abt-8,buy-2,\d)\n/, '\n$1\n$1\n')),
      code: 'bad_task:duplicate_pair', message: 'A pair appears twice (first at row 5) [duplicate_pair] in test_labels.csv, column "left_id", row 6, value "abt-8, buy-2".' },
    { name: 'a pair label that is not 0/1', fixture: 'products', edit: (d) => write(d, 'test_labels.csv', read(d, 'test_labels.csv').replace(/\nabt-8,buy-2,\d\n/, '\nabt-8,buy-2,yes\n')),
      code: 'bad_task:pair_label_not_binary', message: 'A pair label is not 0 or 1 [pair_label_not_binary] in test_labels.csv, column "label", row 5, value "yes".' },
  ];

  it.each(cases)('$name', async ({ fixture, edit, code, message }) => {
    const dir = copyFixture(fixture);
    edit(dir);
    const e = await refusal(dir);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
    expect(e.status).toBe(422);
  });

  it('reads pair labels as the import does: "1.0" and " 0 " are labels, and all-zero labels are refused', async () => {
    const dir = copyFixture('products');
    const lines = read(dir, 'test_labels.csv').trimEnd().split('\n');
    write(dir, 'test_labels.csv', lines.map((l, i) => (i === 0 ? l : l.replace(/,1$/, ',1.0').replace(/,0$/, ', 0 '))).join('\n'));
    await expectSameKey(dir);
    write(dir, 'test_labels.csv', lines.map((l, i) => (i === 0 ? l : l.replace(/,1$/, ',0'))).join('\n'));
    expect((await refusal(dir)).code).toBe('bad_task:no_positive_pairs');
  });
});

describe('the import and `podium score` use one answer-key builder', () => {
  it.each([
    ['iris', (d: string) => d],
    ['products', (d: string) => d],
    ['iris', (d: string) => {
      const [head, ...rows] = read(d, 'test_labels.csv').trimEnd().split('\n');
      write(d, 'test_labels.csv', [head, ...rows.reverse()].join('\n'));
      return d;
    }],
  ] as const)('%s: the stored key is answerKeyFromFolder\'s, byte for byte', async (fixture, edit) => {
    const folder = edit(copyFixture(fixture));
    const prepared = await prepareTask({ folder, outDir: path.join(tmp, `out-${copies++}`) });
    const stored = readFileSync(prepared.answerKey.path);
    // The import draws a secret seed; with that seed the offline entry point builds the very same bytes.
    expect(stored.equals(Buffer.from(serializeAnswerKey(await answerKeyFromFolder(folder, { seed: prepared.seed }))))).toBe(true);
  });

  it('prepare.ts builds its key with answerKeyFromFolder, and nothing else builds keys from folder tables', () => {
    // The second builder (buildClassificationKey from the loaded string tables) is gone from the import.
    const prepare = readFileSync(path.join(import.meta.dirname, 'prepare.ts'), 'utf8');
    expect(prepare).toMatch(/await answerKeyFromFolder\(folder, \{ seed, loaded \}\)/);
    expect(prepare).not.toMatch(/buildClassificationKey|buildMatchingKey|answerKeyOf/);
    const score = readFileSync(path.join(import.meta.dirname, '../../scripts/commands/score.ts'), 'utf8');
    // (with the index built in its parse thread: the same builder, scoring-key-elsewhere.test.ts)
    expect(score).toMatch(/await offlineScoringKey\(folder, \{ index: [^\n]*\}\)/);
    const entry = readFileSync(path.join(import.meta.dirname, 'answer-key-from-folder.ts'), 'utf8');
    expect(entry.match(/export async function offlineScoringKey[\s\S]*?\n}\n/)![0]).not.toMatch(/scoringKeyFromFolder|answerKeyOf/);
  });
});

describe('which folders take the typed-array key path', () => {
  const taskOf = (dir: string) => parseTaskJson(read(dir, 'task.json'));

  it('test_labels as CSV or as Parquet (a Parquet folder went through the validated tables after the issue-14 merge: 10.5 CPU-s instead of 4.2 at 1M)', async () => {
    const csv = copyFixture('iris');
    expect(await fastPathApplies(csv, taskOf(csv))).toBe(true);
    const parquet = copyFixture('iris');
    await toParquet(parquet, 'test_labels');
    expect(await fastPathApplies(parquet, taskOf(parquet))).toBe(true);
    await expectSameKey(parquet);
  });

  it('not when test_labels carries the organizer\'s split column, in either format', async () => {
    for (const format of ['csv', 'parquet'] as const) {
      const dir = copyFixture('iris');
      const [head, ...rows] = read(dir, 'test_labels.csv').trimEnd().split('\n');
      write(dir, 'test_labels.csv', [`${head},split`, ...rows.map((r, i) => `${r},${i % 2 ? 'public' : 'private'}`)].join('\n') + '\n');
      if (format === 'parquet') await toParquet(dir, 'test_labels');
      expect(await fastPathApplies(dir, taskOf(dir)), format).toBe(false);
    }
  });
});
