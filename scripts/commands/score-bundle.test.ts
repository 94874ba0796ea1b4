/**
 * `podium score` runs from a bundle built at first use (lib/build/cached-bundle.mjs): from an
 * empty cache, as on a fresh clone, it builds the bundles, runs without falling back to tsx
 * (which says so on stderr), reuses them next time, and rebuilds when a source changed; when no
 * bundle can be built it still scores, under tsx, and says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const iris = path.join(root, 'lib/tasks/fixtures/iris');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-bundles-'));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

function score(file: string, bundleDir = cache) {
  return spawnSync(process.execPath, [path.join(root, 'scripts/podium.mjs'), 'score', iris, file], { cwd: root, encoding: 'utf8', env: { ...process.env, PODIUM_BUNDLE_DIR: bundleDir } });
}

describe('the bundled podium score', () => {
  it('builds from an empty cache, reuses the bundle, and rebuilds when a source changes', () => {
    const file = path.join(cache, 'perfect.csv');
    fs.writeFileSync(file, fs.readFileSync(path.join(iris, 'test_labels.csv'), 'utf8').replace(/^id,species/, 'id,label'));
    const first = score(file);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).all.accuracy).toBe(1);
    const bundle = path.join(cache, 'scripts__podium-score.mjs');
    expect(fs.readdirSync(cache).filter((f) => !f.endsWith('.csv')).sort()).toEqual([
      'lib__scoring__submission__parse-thread.cjs', 'lib__scoring__submission__parse-thread.cjs.json', 'scripts__podium-score.mjs', 'scripts__podium-score.mjs.json',
    ]);
    const manifest = JSON.parse(fs.readFileSync(`${bundle}.json`, 'utf8'));
    expect(Object.keys(manifest.inputs)).toContain('scripts/commands/score.ts');
    expect(Object.keys(manifest.inputs)).toContain('lib/tasks/scoring-key.ts');
    const built = fs.statSync(bundle).mtimeMs;

    const again = score(file);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(first.stdout);
    expect(fs.statSync(bundle).mtimeMs).toBe(built);

    // A source that differs from what the bundle was built from (its recorded size here) makes the next run rebuild.
    manifest.inputs['lib/tasks/scoring-key.ts'][0] += 1;
    fs.writeFileSync(`${bundle}.json`, JSON.stringify(manifest));
    const rebuilt = score(file);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.stdout).toBe(first.stdout);
    expect(fs.statSync(bundle).mtimeMs).not.toBe(built);
    expect(JSON.parse(fs.readFileSync(`${bundle}.json`, 'utf8')).inputs['lib/tasks/scoring-key.ts'][0]).toBe(fs.statSync(path.join(root, 'lib/tasks/scoring-key.ts')).size);
  }, 120_000);

  it('falls back to tsx, says so on stderr, and prints the same scores when no bundle can be built', () => {
    const file = path.join(cache, 'perfect-fallback.csv');
    fs.writeFileSync(file, fs.readFileSync(path.join(iris, 'test_labels.csv'), 'utf8').replace(/^id,species/, 'id,label'));
    const blocked = path.join(cache, 'not-a-folder');
    fs.writeFileSync(blocked, ''); // the cache cannot be made under a file
    const r = score(file, path.join(blocked, 'bundles'));
    expect(r.stderr).toMatch(/^podium: running under tsx, the bundle could not be built \(/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).all.accuracy).toBe(1);
  }, 120_000);
});
