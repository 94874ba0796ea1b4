/**
 * `npm run build`: builds the site once (`next build`) and writes the source
 * stamp beside the build, so `npm start` does not build again and
 * `npm run serve` (which never builds) knows the build matches the sources.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { childEnv, config } from '@/lib/config';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** A hash of every source file's path, size and modification time. */
export function sourceStamp(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === 'node_modules' || e.name.startsWith('.') || e.name.endsWith('.test.ts')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = fs.statSync(p);
        h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['app', 'lib', 'db', 'types', 'docs']) if (fs.existsSync(d)) walk(path.join(root, d));
  for (const f of ['next.config.js', 'package.json', 'package-lock.json', 'instrumentation.ts', 'tsconfig.json']) {
    if (fs.existsSync(f)) h.update(`${f}\0${fs.statSync(f).mtimeMs}\n`);
  }
  return h.digest('hex');
}

export type BuildState = 'current' | 'stale' | 'missing';

export function buildState(distDir: string): BuildState {
  const stampFile = path.join(root, distDir, 'podium-source-stamp');
  if (!fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) return 'missing';
  if (!fs.existsSync(stampFile)) return 'stale';
  return fs.readFileSync(stampFile, 'utf8') === sourceStamp() ? 'current' : 'stale';
}

export function build(distDir: string): void {
  const stamp = sourceStamp(); // taken before the build: a file edited during it makes the next start rebuild
  const r = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: childEnv() });
  if (r.status !== 0) throw new Error('podium: next build failed; see the output above.');
  fs.writeFileSync(path.join(root, distDir, 'podium-source-stamp'), stamp);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    build(config().PODIUM_DIST_DIR);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
