/**
 * `npm start` and `npm run serve`: prepare the database (migrations under a
 * lock, first organizer and demo challenge on an empty embedded database),
 * then serve the built site with podium's server (scripts/server.ts) as a
 * child process.
 *
 * `npm start` builds first when the sources changed since the last build (the
 * newcomer's one command). `npm run serve` (`--no-build`) never builds: it
 * serves what `npm run build` made, so restarting one of several web processes
 * never rewrites the build folder under the others.
 *
 * SIGTERM or SIGINT is passed to the server, which finishes the requests in
 * flight; this process exits with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openDb, withAdvisoryLock } from '@/db/client';
import { childEnv, config } from '@/lib/config';
import { logger } from '@/lib/log';
import { prepareDatabase } from '@/lib/seed/prepare';
import { appBlobStore } from '@/lib/storage/app';
import { build, buildState } from './build';
import { watchParent } from './parent';

const root = process.cwd();
const log = logger('start');
const PREPARE_LOCK_KEY = 0x706f6469756e; // beside the migration lock's key

let child: ChildProcess | undefined;
let stopping: NodeJS.Signals | undefined;

function onStopSignal(sig: NodeJS.Signals) {
  if (stopping) return;
  stopping = sig;
  if (child) child.kill(sig);
  else process.exit(0); // still preparing: every step is a transaction, nothing is left half-done
}

async function main() {
  const cfg = config();
  const serveOnly = process.argv.includes('--no-build');
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => onStopSignal(sig));
  watchParent(() => onStopSignal('SIGTERM'));

  const opened = await openDb(cfg.DATABASE_URL ? { url: cfg.DATABASE_URL, max: 2 } : { dataDir: cfg.dataDir }, {
    waitSeconds: cfg.DATABASE_WAIT_SECONDS,
    onWait: ({ target, reason, retryInSeconds }) =>
      log.warn({ reason }, `waiting for ${target}; retrying in ${retryInSeconds} s`),
  });
  try {
    const prepare = () => prepareDatabase({ db: opened.db, cfg, store: appBlobStore() });
    // Web processes started together on an empty database: one seeds, the others then find it seeded.
    const report = cfg.DATABASE_URL ? await withAdvisoryLock(cfg.DATABASE_URL, prepare, PREPARE_LOCK_KEY) : await prepare();
    for (const line of report) console.log(line);
  } finally {
    await opened.close(); // the site takes the embedded database's lock next
  }
  if (stopping) process.exit(0);

  const state = buildState(cfg.PODIUM_DIST_DIR);
  if (serveOnly) {
    if (state === 'missing') {
      throw new Error(`podium: no build in ${cfg.PODIUM_DIST_DIR}/; run \`npm run build\` once before \`npm run serve\`.`);
    }
    if (state === 'stale') {
      log.warn(`the sources changed since the build in ${cfg.PODIUM_DIST_DIR}/; serving that build (run \`npm run build\` to update it)`);
    }
  } else if (state !== 'current') {
    log.info('building the site (next build)…');
    build(cfg.PODIUM_DIST_DIR);
  }

  // Without NEXTAUTH_URL, next-auth takes the origin from the request's Host header.
  const env = childEnv(cfg.NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: 'true' });
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  child = spawn(process.execPath, ['--import', tsx, path.join(root, 'scripts', 'server.ts')], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((e) => {
  log.fatal(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
