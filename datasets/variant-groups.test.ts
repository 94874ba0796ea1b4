import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadAnswerKey } from '@/lib/scoring/answer-key';
import { scoreSubmission } from '@/lib/scoring/score';
import { prepareTask } from '@/lib/tasks/prepare';
import { writeVariantGroupsTask } from './variant-groups';

const tmp = mkdtempSync(path.join(tmpdir(), 'variant-groups-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('writes a grouping task folder that imports, with test groups unseen in train and a title baseline between the floors', async () => {
  const dir = path.join(tmp, 'task');
  await writeVariantGroupsTask({ dir });
  const p = await prepareTask({ folder: dir, outDir: path.join(tmp, 'out') });
  expect(p.datasheet.type).toBe('grouping');
  expect(p.datasheet.grouping!.testRecords).toBeGreaterThan(300);
  const train = readFileSync(path.join(dir, 'train.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').at(-1));
  const labels = readFileSync(path.join(dir, 'test_labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const trainGroups = new Set(train);
  expect(labels.some(([, g]) => trainGroups.has(g))).toBe(false);
  const sizes = new Map<string, number>();
  for (const [, g] of labels) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  expect([...sizes.values()].some((n) => n === 1)).toBe(true);
  expect(Math.max(...sizes.values())).toBeGreaterThan(3);

  // A naive baseline: group by the title with colour and size words removed (first 3 words).
  const test = readFileSync(path.join(dir, 'test.csv'), 'utf8').trim().split('\n').slice(1);
  const key = loadAnswerKey(readFileSync(p.answerKey.path));
  const rows = test.map((l) => { const [id, ...rest] = l.split(','); return `${id},${JSON.stringify(rest.join(' ').toLowerCase().split(/\W+/).filter(Boolean).slice(0, 3).join('-'))}`; });
  writeFileSync(path.join(tmp, 'baseline.csv'), `id,group\n${rows.join('\n')}\n`);
  const r = await scoreSubmission({ key, file: { path: path.join(tmp, 'baseline.csv') } });
  expect(r.all.pairwise_f1).toBeGreaterThan(0.05);
  expect(r.all.pairwise_f1).toBeLessThan(0.95);
});
