import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TaskJson } from './task-folder';
import { findDataFile, readTable, toCsv } from './table-io';

/**
 * The honest baseline every demo task ships with: it learns from the published train files only and
 * ignores the images, so a multimodal model has room to beat it.
 * Classification: multinomial naive Bayes over words of the text columns, categorical values and
 * train-quintile bins of numeric columns. Matching: Jaccard similarity of title tokens with the
 * threshold that maximises F1 on the train pairs.
 * Returns the submission CSV text (SPEC.md "Submission files").
 */
export async function baselinePredictions(taskDir: string): Promise<string> {
  const task = JSON.parse(await readFile(path.join(taskDir, 'task.json'), 'utf8')) as TaskJson;
  return task.type === 'classification' ? classify(taskDir, task) : match(taskDir, task);
}

type Rows = (string | null)[][];

export function words(text: string | null): string[] {
  return text ? (text.toLowerCase().match(/[a-z0-9]+/g) ?? []) : [];
}

function quintileEdges(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.floor(q * (sorted.length - 1))]);
}

function featurizer(task: TaskJson, columns: string[], train: Rows): (row: (string | null)[]) => string[] {
  const edges = new Map<string, number[]>();
  columns.forEach((c, j) => {
    if (task.columns[c] === 'numeric') {
      const values = train.map((r) => r[j]).filter((v): v is string => v !== null).map(Number);
      edges.set(c, quintileEdges(values));
    }
  });
  return (row) => {
    const tokens: string[] = [];
    columns.forEach((c, j) => {
      const role = task.columns[c];
      const v = row[j];
      if (role === 'text') tokens.push(...words(v));
      else if (role === 'categorical') tokens.push(`${c}=${v ?? ''}`);
      else if (role === 'numeric') {
        const bin = v === null ? 'na' : String(edges.get(c)!.filter((e) => Number(v) > e).length);
        tokens.push(`${c}#${bin}`);
      }
    });
    return tokens;
  };
}

async function classify(dir: string, task: TaskJson): Promise<string> {
  const train = await readTable(findDataFile(dir, 'train'));
  const test = await readTable(findDataFile(dir, 'test'));
  const target = Object.keys(task.columns).find((c) => task.columns[c] === 'target')!;
  const targetIndex = train.columns.indexOf(target);
  const features = featurizer(task, train.columns, train.rows);

  const classes = [...new Set(train.rows.map((r) => r[targetIndex]!))].sort();
  const docs = new Map(classes.map((c) => [c, 0]));
  const counts = new Map(classes.map((c) => [c, new Map<string, number>()]));
  const totals = new Map(classes.map((c) => [c, 0]));
  const vocabulary = new Set<string>();
  for (const row of train.rows) {
    const label = row[targetIndex]!;
    docs.set(label, docs.get(label)! + 1);
    const bag = counts.get(label)!;
    for (const t of features(row)) {
      bag.set(t, (bag.get(t) ?? 0) + 1);
      totals.set(label, totals.get(label)! + 1);
      vocabulary.add(t);
    }
  }
  const idIndex = test.columns.findIndex((c) => task.columns[c] === 'id');
  const testFeatures = (row: (string | null)[]) => features(train.columns.map((c) => row[test.columns.indexOf(c)] ?? null));
  const predictions = test.rows.map((row) => {
    const tokens = testFeatures(row).filter((t) => vocabulary.has(t));
    let best = classes[0];
    let bestScore = -Infinity;
    for (const c of classes) {
      const bag = counts.get(c)!;
      const denominator = Math.log(totals.get(c)! + vocabulary.size);
      let score = Math.log(docs.get(c)! / train.rows.length);
      for (const t of tokens) score += Math.log((bag.get(t) ?? 0) + 1) - denominator;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return [row[idIndex], best];
  });
  return toCsv(['id', 'label'], predictions);
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

async function tokenIndex(file: string, task: TaskJson): Promise<Map<string, Set<string>>> {
  const table = await readTable(file);
  const id = table.columns.findIndex((c) => task.columns[c] === 'id');
  const titleColumn = table.columns.includes('title') ? 'title' : table.columns.find((c) => task.columns[c] === 'text')!;
  const title = table.columns.indexOf(titleColumn);
  return new Map(table.rows.map((r) => [r[id]!, new Set(words(r[title]))]));
}

async function match(dir: string, task: TaskJson): Promise<string> {
  const left = await tokenIndex(findDataFile(dir, 'left'), task);
  const right = task.right === 'left' ? left : await tokenIndex(findDataFile(dir, 'right'), task);
  const similarity = (l: string | null, r: string | null) => jaccard(left.get(l!) ?? new Set(), right.get(r!) ?? new Set());

  const train = await readTable(findDataFile(dir, 'train_pairs'));
  const [tl, tr, tlab] = ['left_id', 'right_id', 'label'].map((c) => train.columns.indexOf(c));
  const scored = train.rows.map((r) => ({ s: similarity(r[tl], r[tr]), y: Number(r[tlab]) })).sort((a, b) => b.s - a.s);
  const positives = scored.filter((p) => p.y === 1).length;
  let threshold = 1;
  let bestF1 = -1;
  let truePositives = 0;
  for (let i = 0; i < scored.length; i++) {
    truePositives += scored[i].y;
    // Only cut between distinct scores, so every pair with the same score gets the same label.
    if (i + 1 < scored.length && scored[i + 1].s === scored[i].s) continue;
    const f1 = (2 * truePositives) / (i + 1 + positives);
    if (f1 > bestF1) [bestF1, threshold] = [f1, scored[i].s];
  }

  const test = await readTable(findDataFile(dir, 'test_pairs'));
  const [sl, sr] = ['left_id', 'right_id'].map((c) => test.columns.indexOf(c));
  const rows = test.rows.map((r) => {
    const s = similarity(r[sl], r[sr]);
    return [r[sl], r[sr], s >= threshold ? 1 : 0, Number(s.toFixed(6))];
  });
  return toCsv(['left_id', 'right_id', 'label', 'score'], rows);
}
