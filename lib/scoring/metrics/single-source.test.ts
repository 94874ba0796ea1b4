/**
 * The metric registry (index.ts) is the one place that states a metric's name, direction,
 * bounds and applicability. What task.json accepts per task type, and what the engine
 * computes, are checked against it; and no other source file lists metric names of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTaskJson, METRICS } from '@/lib/tasks/task-json';
import { groupingMetricNames } from '../grouping/metrics';
import { classificationMetricNames, matchingMetricNames } from '../bootstrap/class-stats';
import { metrics } from './index';

const root = path.resolve(import.meta.dirname, '../../..');
const namesOf = (t: string) => metrics.filter((m) => m.taskType === t).map((m) => m.name);

/**
 * Files allowed to spell out several metric names: the registry itself, and the engine's
 * own lists of what it computes (checked against the registry below).
 */
const ALLOWED = new Set(['lib/scoring/metrics/index.ts', 'lib/scoring/grouping/metrics.ts', 'lib/scoring/bootstrap/class-stats.ts']);

/** An array literal naming three or more registered metrics: a list that would drift from the registry. */
export function metricLists(file: string, text: string): string[] {
  const known = new Set(metrics.map((m) => m.name));
  const out: string[] = [];
  for (const m of text.matchAll(/\[([^[\]]*)\]/g)) {
    const named = new Set([...m[1].matchAll(/['"`]([a-z0-9_]+)['"`]/g)].map((x) => x[1]).filter((x) => known.has(x)));
    if (named.size >= 3) out.push(`${file}: [${[...named].join(', ')}]`);
  }
  return out;
}

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!['node_modules', 'fixtures'].includes(e.name) && !e.name.startsWith('.')) sources(rel, out);
    } else if (/\.(ts|tsx|mjs)$/.test(e.name) && !/\.(test|e2e)\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

describe('the metric registry is the single source of metric facts', () => {
  it('task.json accepts, per task type, exactly the registry\'s metrics of that type, in its order', () => {
    expect(METRICS.classification).toEqual(namesOf('classification'));
    expect(METRICS.matching).toEqual(namesOf('matching'));
    expect(METRICS.grouping).toEqual(namesOf('grouping'));
    const bad = () => parseTaskJson(JSON.stringify({ slug: 'x', title: 'X', type: 'grouping', track: 'main', metric: 'accuracy', columns: { id: 'id', group: 'target' } }));
    expect(bad).toThrow(`for a grouping task, metric is one of ${namesOf('grouping').join(', ')}`);
  });

  it('the engine computes every grouping metric of the registry, and its bootstrap lists name registered metrics of the right type', () => {
    expect([...groupingMetricNames]).toEqual(namesOf('grouping'));
    for (const n of classificationMetricNames) expect(namesOf('classification')).toContain(n);
    for (const n of matchingMetricNames) expect(namesOf('matching')).toContain(n);
  });

  it('every entry states direction and bounds, and bounds agree with the direction', () => {
    for (const m of metrics) {
      expect(typeof m.higherIsBetter).toBe('boolean');
      if (m.bounds) expect(m.higherIsBetter ? m.bounds.best > m.bounds.worst : m.bounds.best < m.bounds.worst).toBe(true);
    }
  });

  it('no source file outside the registry (and the engine lists above) spells out a list of metric names', () => {
    const files = ['app', 'lib', 'db', 'scripts', 'clients', 'datasets'].flatMap((d) => sources(d));
    expect(files.length).toBeGreaterThan(100);
    const found = files.filter((f) => !ALLOWED.has(f)).flatMap((f) => metricLists(f, readFileSync(path.join(root, f), 'utf8')));
    expect(found).toEqual([]);
    expect(metricLists('x.ts', "const M = ['accuracy', 'macro_f1', 'log_loss'];")).toHaveLength(1);
  });
});
