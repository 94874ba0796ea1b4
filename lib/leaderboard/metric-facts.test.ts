/**
 * Metric facts (name, label, direction, bounds, the task type a metric applies to) live in one
 * registry, lib/scoring/metrics/index.ts. Boards, track averages, pages and the docs read it; this
 * test fails when a copy appears: a direction decided in code (a default `?? true`, a literal
 * `higherIsBetter: false`, a comparison with a metric's name), or docs that disagree with the registry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metrics } from '@/lib/scoring/metrics';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx)$/.test(e.name) && !/\.(test|testing)\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** Where metric facts may be written down: the registry itself, and its tests' fixtures. */
const registry = (f: string) => f.startsWith(path.join('lib', 'scoring', 'metrics') + path.sep) || f.includes(`${path.sep}fixtures${path.sep}`);

/**
 * Uses of a metric's name that compute it rather than decide a fact about it: the per-row losses
 * that log_loss's bootstrap resamples (lib/submissions/intervals.ts).
 */
const computes = new Set([`lib/submissions/intervals.ts: metric === 'log_loss'`]);

const names = metrics.map((m) => m.name).join('|');
/** The engine (lib/scoring) computes each metric by name; only direction and bounds are facts it must not restate. */
const engine = (f: string) => f.startsWith(path.join('lib', 'scoring') + path.sep);
const copies: { what: string; re: RegExp; inEngine?: boolean }[] = [
  { what: 'a default direction', re: /higherIsBetter\s*(\?\?|\|\|)\s*(true|false)/g, inEngine: true },
  { what: 'a direction compared with a literal', re: /higherIsBetter\s*[!=]==?\s*(true|false)/g, inEngine: true },
  { what: 'a literal direction', re: /higherIsBetter:\s*(true|false)\b/g, inEngine: true },
  { what: 'a decision on a metric by name', re: new RegExp(`metric\\w*\\s*[!=]==?\\s*'(${names})'|'(${names})'\\s*[!=]==?\\s*metric`, 'g') },
  { what: 'a literal list of metric names', re: new RegExp(`\\[\\s*'(${names})',\\s*'(${names})'`, 'g') },
];

describe('metric facts come from the registry only', () => {
  it('no source in app/, lib/, db/ or scripts/commands/ decides a direction, bound or applicability itself', () => {
    const found: string[] = [];
    for (const file of ['app', 'lib', 'db', path.join('scripts', 'commands')].flatMap(sources)) {
      if (registry(file)) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const { what, re, inEngine } of copies) {
        if (engine(file) && !inEngine) continue;
        for (const m of text.matchAll(re)) {
          const hit = `${file.split(path.sep).join('/')}: ${m[0]}`;
          if (!computes.has(hit)) found.push(`${hit} (${what})`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('docs/metrics.md defines exactly the registry\'s metrics and names the lower-is-better ones as the registry does', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'metrics.md'), 'utf8');
    const headed = [...doc.matchAll(/^### `([a-z0-9_]+)`/gm)].map((m) => m[1]);
    expect([...headed].sort()).toEqual(metrics.map((m) => m.name).sort());
    const except = /Higher is\s+better for every metric except ([^.]+)\./.exec(doc);
    expect(except, 'the sentence naming the lower-is-better metrics').not.toBeNull();
    const lower = [...except![1].matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]).sort();
    expect(lower).toEqual(metrics.filter((m) => !m.higherIsBetter).map((m) => m.name).sort());
  });

  it('docs/task-folders.md lists, for each task type, exactly the metrics the registry applies to it', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'task-folders.md'), 'utf8');
    for (const type of ['classification', 'matching', 'grouping'] as const) {
      const row = new RegExp(`^\\| \`${type}\` \\|.*\\| ([^|]+) \\|$`, 'm').exec(doc);
      expect(row, `the ${type} row of the task-type table`).not.toBeNull();
      const listed = [...row![1].matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]);
      expect(listed.sort()).toEqual(metrics.filter((m) => m.taskType === type).map((m) => m.name).sort());
    }
  });
});
