#!/usr/bin/env node
// The `podium` command. `podium score <folder> <file>` runs here, in this process: its code
// bundled to plain JavaScript once (lib/build/cached-bundle.mjs; rebuilt when a source
// changes), so scoring starts without tsx. Every other command, and `score` with options
// (--help …), runs scripts/podium.ts with tsx in a child process; the react-server
// condition lets it import the server-only modules the site uses (the bundle is built with it).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

async function bundledScore() {
  if (args[0] !== 'score' || args.slice(1).some((a) => a.startsWith('-'))) return null;
  try {
    const { bundled } = await import('../lib/build/cached-bundle.mjs');
    return await bundled(path.join(here, 'podium-score.ts'));
  } catch (e) {
    // No esbuild, no place to cache it, or a bundle that cannot build: the tsx path below still works.
    process.stderr.write(`podium: running under tsx, the bundle could not be built (${e instanceof Error ? e.message.split('\n')[0] : e})\n`);
    return null;
  }
}

const bundle = await bundledScore();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const require = createRequire(import.meta.url);
  const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs');
  const r = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', tsx, path.join(here, 'podium.ts'), ...args],
    { stdio: 'inherit', cwd: process.cwd() },
  );
  process.exit(r.status ?? 1);
}
