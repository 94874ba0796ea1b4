#!/usr/bin/env node
// The `podium` command: runs scripts/podium.ts with tsx. The react-server
// condition lets it import the server-only modules the site uses.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs');
const r = spawnSync(
  process.execPath,
  ['--conditions=react-server', '--import', tsx, path.join(here, 'podium.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: process.cwd() },
);
process.exit(r.status ?? 1);
