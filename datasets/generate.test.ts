import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselinePredictions } from './baseline';
import { type ChallengeSpec, challengeDates, generateDemo } from './generate';
import type { TaskJson } from './task-folder';
import { findDataFile, parseCsv, readTable } from './table-io';

const ROLES = new Set(['id', 'target', 'text', 'numeric', 'categorical', 'image']);
let tmp: string;
let outDir: string;
let taskDirs: string[];
let challenge: ChallengeSpec;

async function treeHash(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(path.join(dir, f)));
  return `${files.length}:${hash.digest('hex')}`;
}

const readTask = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'task.json'), 'utf8')) as TaskJson;
const load = (dir: string, name: string) => readTable(findDataFile(dir, name));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'podium-demo-'));
  outDir = path.join(tmp, 'a');
  ({ taskDirs, challenge } = await generateDemo({ outDir }));
}, 180_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('generateDemo', () => {
  it('writes byte-identical files for the same seed', async () => {
    await generateDemo({ outDir: path.join(tmp, 'b') });
    expect(await treeHash(path.join(tmp, 'b'))).toBe(await treeHash(outDir));
  }, 180_000);

  it('refuses to empty a folder that holds something other than an earlier demo', async () => {
    const foreign = await mkdtemp(path.join(tmp, 'foreign-'));
    await writeFile(path.join(foreign, 'notes.txt'), 'keep me');
    await expect(generateDemo({ outDir: foreign })).rejects.toThrow(/is not empty and holds no earlier demo/);
    expect(await readFile(path.join(foreign, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('writes challenge.json naming every task folder and the tracks their tasks use', async () => {
    const written = JSON.parse(await readFile(path.join(outDir, 'challenge.json'), 'utf8')) as ChallengeSpec;
    expect(written).toEqual(challenge);
    expect(written.slug).toBe('demo');
    expect(written.schedule).toEqual({ startDaysFromSeeding: -30, endDaysFromSeeding: 90 });
    expect(challengeDates(written, new Date('2026-11-23T12:00:00Z'))).toEqual({
      start: new Date('2026-10-24T12:00:00Z'),
      end: new Date('2027-02-21T12:00:00Z'),
    });
    expect(taskDirs.map((d) => path.basename(d))).toEqual(written.tasks);
    const tasks = await Promise.all(taskDirs.map(readTask));
    expect(tasks.filter((t) => t.type === 'classification')).toHaveLength(3);
    expect(tasks.filter((t) => t.type === 'matching')).toHaveLength(2);
    expect(new Set(tasks.map((t) => t.track))).toEqual(new Set(written.tracks.map((t) => t.slug)));
    // Organizers bring either format: the demo must exercise both.
    const files = (await Promise.all(taskDirs.map((d) => readdir(d)))).flat();
    expect(files.some((f) => f.endsWith('.parquet'))).toBe(true);
    expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
  });

  it('writes every task folder in the SPEC.md format', async () => {
    for (const dir of taskDirs) {
      const task = await readTask(dir);
      expect(task.slug).toBe(path.basename(dir));
      expect(task.public_fraction).toBe(0.3);
      expect(task.description.length).toBeGreaterThan(400);
      const names = Object.keys(task.columns);
      for (const role of Object.values(task.columns)) expect(ROLES.has(role)).toBe(true);
      expect(names.filter((c) => task.columns[c] === 'id')).toEqual(['id']);
      const images = names.filter((c) => task.columns[c] === 'image');
      expect(images).toHaveLength(1);

      const checkImages = (table: { columns: string[]; rows: (string | null)[][] }) => {
        const j = table.columns.indexOf(images[0]);
        for (const row of table.rows) {
          expect(row[j]).toMatch(/^[A-Za-z0-9_-]+\.png$/);
          expect(existsSync(path.join(dir, 'images', row[j]!))).toBe(true);
        }
      };
      const checkNumeric = (table: { columns: string[]; rows: (string | null)[][] }) => {
        table.columns.forEach((c, j) => {
          if (task.columns[c] !== 'numeric') return;
          const values = table.rows.map((r) => r[j]);
          expect(values.every((v) => v === null || Number.isFinite(Number(v)))).toBe(true);
        });
      };

      if (task.type === 'classification') {
        const target = names.filter((c) => task.columns[c] === 'target');
        expect(target).toHaveLength(1);
        const [train, test, labels] = await Promise.all(['train', 'test', 'test_labels'].map((n) => load(dir, n)));
        expect(train.columns).toEqual(names);
        expect(test.columns).toEqual(names.filter((c) => c !== target[0]));
        expect(labels.columns).toEqual(['id', target[0]]);
        expect(train.rows.length).toBeGreaterThan(2000);
        expect(test.rows.length).toBeGreaterThan(900);
        const ids = [...train.rows, ...test.rows].map((r) => r[0]);
        expect(new Set(ids).size).toBe(ids.length);
        expect(labels.rows.map((r) => r[0])).toEqual(test.rows.map((r) => r[0]));
        const classes = new Set(train.rows.map((r) => r[train.columns.indexOf(target[0])]));
        expect(classes.size).toBeGreaterThanOrEqual(5);
        for (const [, label] of labels.rows) expect(classes.has(label)).toBe(true);
        // Some cells are empty on purpose, but never an id or a label.
        expect(train.rows.some((r) => r.includes(null))).toBe(true);
        expect(ids.every((id) => id !== null) && labels.rows.every((r) => r[1] !== null)).toBe(true);
        for (const t of [train, test]) {
          checkImages(t);
          checkNumeric(t);
        }
      } else {
        expect(names.some((c) => task.columns[c] === 'target')).toBe(false);
        const left = await load(dir, 'left');
        const right = task.right === 'left' ? left : await load(dir, 'right');
        if (task.right === 'left') expect(() => findDataFile(dir, 'right')).toThrow(/missing file/);
        for (const t of [left, right]) {
          expect(t.columns).toEqual(names);
          const ids = t.rows.map((r) => r[0]);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.length).toBeGreaterThan(1000);
          checkImages(t);
          checkNumeric(t);
        }
        const leftIds = new Set(left.rows.map((r) => r[0]));
        const rightIds = new Set(right.rows.map((r) => r[0]));
        const [trainPairs, testPairs, labels] = await Promise.all(['train_pairs', 'test_pairs', 'test_labels'].map((n) => load(dir, n)));
        expect(trainPairs.columns).toEqual(['left_id', 'right_id', 'label']);
        expect(testPairs.columns).toEqual(['left_id', 'right_id']);
        expect(labels.columns).toEqual(['left_id', 'right_id', 'label']);
        expect(labels.rows.map((r) => `${r[0]}|${r[1]}`)).toEqual(testPairs.rows.map((r) => `${r[0]}|${r[1]}`));
        const all = [...trainPairs.rows, ...testPairs.rows];
        expect(new Set(all.map((r) => `${r[0]}|${r[1]}`)).size).toBe(all.length);
        for (const [l, r] of all) {
          expect(leftIds.has(l)).toBe(true);
          expect(rightIds.has(r)).toBe(true);
        }
        for (const rows of [trainPairs.rows, labels.rows]) {
          expect(rows.every((r) => r[2] === '0' || r[2] === '1')).toBe(true);
          const positiveRate = rows.filter((r) => r[2] === '1').length / rows.length;
          expect(positiveRate).toBeGreaterThan(0.1);
          expect(positiveRate).toBeLessThan(0.45);
        }
      }
    }
  });
});

function macroF1(truth: string[], predicted: string[]): number {
  const classes = [...new Set(truth)];
  const f1 = classes.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    truth.forEach((t, i) => {
      if (predicted[i] === c && t === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (t === c) fn++;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1.reduce((s, v) => s + v, 0) / classes.length;
}

describe('baselinePredictions', () => {
  it('scores clearly above chance and clearly below perfect on every task', async () => {
    const figures: Record<string, string> = {};
    for (const dir of taskDirs) {
      const task = await readTask(dir);
      const submission = parseCsv(await baselinePredictions(dir));
      const labels = await load(dir, 'test_labels');
      if (task.type === 'classification') {
        expect(submission.columns).toEqual(['id', 'label']);
        const predicted = new Map(submission.rows.map((r) => [r[0], r[1]!]));
        expect(predicted.size).toBe(labels.rows.length);
        const truth = labels.rows.map((r) => r[1]!);
        const guesses = labels.rows.map((r) => predicted.get(r[0])!);
        const counts = new Map<string, number>();
        for (const t of truth) counts.set(t, (counts.get(t) ?? 0) + 1);
        const [score, chance] =
          task.metric === 'accuracy'
            ? [truth.filter((t, i) => t === guesses[i]).length / truth.length, Math.max(...counts.values()) / truth.length]
            : [macroF1(truth, guesses), 1 / counts.size];
        figures[task.slug] = `${task.metric} ${score.toFixed(3)} (chance ${chance.toFixed(3)})`;
        expect(score).toBeGreaterThan(chance + 0.15);
        expect(score).toBeLessThan(0.95);
      } else {
        expect(submission.columns).toEqual(['left_id', 'right_id', 'label', 'score']);
        const predicted = new Map(submission.rows.map((r) => [`${r[0]}|${r[1]}`, r[2]]));
        expect(predicted.size).toBe(labels.rows.length);
        let tp = 0, fp = 0, fn = 0;
        for (const [l, r, y] of labels.rows) {
          const p = predicted.get(`${l}|${r}`);
          if (p === '1' && y === '1') tp++;
          else if (p === '1') fp++;
          else if (y === '1') fn++;
        }
        const f1 = (2 * tp) / (2 * tp + fp + fn);
        const positiveRate = (tp + fn) / labels.rows.length;
        // Chance: answering "match" for every pair.
        const chance = (2 * positiveRate) / (1 + positiveRate);
        figures[task.slug] = `f1 ${f1.toFixed(3)} (all-positive ${chance.toFixed(3)})`;
        expect(f1).toBeGreaterThan(chance + 0.15);
        expect(f1).toBeLessThan(0.95);
      }
    }
    console.log(figures);
  });
});
