import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docHref, headingId, listDocs, readDoc } from './index';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Pages other branches write in parallel (issue 9: deploy, issue 15: the Python client); checked once merged. */
const AWAITING_MERGE = new Set<string>();

function filesUnder(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) out.push(...filesUnder(p, exts));
    else if (e.isFile() && exts.test(e.name)) out.push(p);
  }
  return out;
}

describe('the documentation in docs/', () => {
  const names = listDocs();

  it('has the index and the pages the product links to', () => {
    expect(names[0]).toBe('README');
    for (const n of ['task-folders', 'submissions', 'metrics', 'api', 'cli', 'running-a-challenge']) expect(names).toContain(n);
  });

  it('links only to pages and anchors that exist', () => {
    const ids = new Map(names.map((n) => [n, new Set([...readDoc(n)!.html.matchAll(/<h\d id="([^"]*)"/g)].map((m) => m[1]))]));
    const broken: string[] = [];
    for (const n of names) {
      const text = fs.readFileSync(path.join(ROOT, 'docs', `${n}.md`), 'utf8');
      for (const [, href] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^https?:/.test(href) || href.startsWith('/api/')) continue;
        const m = /^(?:([a-z0-9-]+|README)\.md)?(?:#(.+))?$/i.exec(href);
        if (!m) {
          broken.push(`${n}: ${href}`);
          continue;
        }
        const target = m[1] ?? n;
        if (AWAITING_MERGE.has(target) && !ids.has(target)) continue;
        if (!ids.has(target)) broken.push(`${n}: ${href} (no such page)`);
        else if (m[2] && !ids.get(target)!.has(m[2])) broken.push(`${n}: ${href} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every /docs link in the pages names a page and heading that exist', () => {
    const ids = new Map(names.map((n) => [n, new Set([...readDoc(n)!.html.matchAll(/<h\d id="([^"]*)"/g)].map((m) => m[1]))]));
    const broken: string[] = [];
    for (const f of filesUnder(path.join(ROOT, 'app'), /\.tsx?$/)) {
      for (const [, page, anchor] of fs.readFileSync(f, 'utf8').matchAll(/["'`]\/docs\/([a-z0-9-]+)(?:#([a-z0-9_-]+))?["'`]/g)) {
        if (!ids.has(page) || (anchor && !ids.get(page)!.has(anchor))) broken.push(`${path.relative(ROOT, f)}: /docs/${page}${anchor ? `#${anchor}` : ''}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('gives every metric an anchor, so the task page can link to its metric', () => {
    const metricIds = [...readDoc('metrics')!.html.matchAll(/<h3 id="([^"]*)"/g)].map((m) => m[1]);
    for (const m of ['accuracy', 'macro_f1', 'log_loss', 'f1', 'average_precision', 'pairwise_f1', 'bcubed_recall', 'adjusted_rand']) expect(metricIds).toContain(m);
  });

  it('rewrites .md links for the site and refuses names that leave docs/', () => {
    expect(docHref('metrics.md#log_loss')).toBe('/docs/metrics#log_loss');
    expect(docHref('README.md')).toBe('/docs');
    expect(docHref('javascript:alert(1)')).toBe('#');
    expect(headingId('<code>macro_f1</code>')).toBe('macro_f1');
    expect(readDoc('../README')).toBeNull();
    expect(readDoc('nope')).toBeNull();
  });

  it('nothing a user has points to SPEC.md or to files outside the repository', () => {
    const files = [path.join(ROOT, 'README.md'), ...filesUnder(path.join(ROOT, 'docs'), /\.md$/), ...filesUnder(path.join(ROOT, 'app'), /\.tsx?$/), ...filesUnder(path.join(ROOT, 'datasets'), /\.md$/)];
    const offending = files.filter((f) => /SPEC\.md|shared\/SPEC|\.\.\/\.\.\/shared/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offending).toEqual([]);
  });
});
