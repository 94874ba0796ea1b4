/**
 * `npm start`: prepares the database (migrations, first organizer, demo
 * challenge on an empty embedded database), builds the site when the sources
 * changed since the last build, then serves it with `next start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDb } from '@/db/client';
import { childEnv, config } from '@/lib/config';
import { prepareDatabase } from '@/lib/seed/prepare';
import { appBlobStore } from '@/lib/storage/app';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function sourceStamp(): string {
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
  for (const d of ['app', 'lib', 'db', 'types']) if (fs.existsSync(d)) walk(path.join(root, d));
  for (const f of ['next.config.js', 'package.json', 'package-lock.json', 'instrumentation.ts', 'tsconfig.json']) {
    if (fs.existsSync(f)) h.update(`${f}\0${fs.statSync(f).mtimeMs}\n`);
  }
  return h.digest('hex');
}

export function buildIfNeeded(distDir: string): void {
  const stampFile = path.join(root, distDir, 'podium-source-stamp');
  const stamp = sourceStamp();
  const built = fs.existsSync(path.join(root, distDir, 'BUILD_ID')) && fs.existsSync(stampFile);
  if (built && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  console.log('podium: building the site (next build)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: childEnv() });
  if (r.status !== 0) throw new Error('podium: next build failed; see the output above.');
  fs.writeFileSync(stampFile, stamp);
}

async function main() {
  const cfg = config();
  const opened = await openDb(cfg.DATABASE_URL ? { url: cfg.DATABASE_URL, max: 2 } : { dataDir: cfg.dataDir });
  try {
    const report = await prepareDatabase({ db: opened.db, cfg, store: appBlobStore() });
    for (const line of report) console.log(line);
  } finally {
    await opened.close(); // the site takes the embedded database's lock next
  }
  buildIfNeeded(cfg.PODIUM_DIST_DIR);
  // Without NEXTAUTH_URL, next-auth takes the origin from the request's Host header.
  const env = childEnv(cfg.NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: 'true' });
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(cfg.PORT)], { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
  console.log(`podium: serving on http://localhost:${cfg.PORT} (${cfg.mode === 'embedded' ? `embedded PGlite in ${cfg.dataDir}` : 'PostgreSQL'})`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
