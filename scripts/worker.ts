/**
 * `npm run worker`: one more scoring worker against the configured database
 * (PostgreSQL; with the embedded database the site's own worker does this).
 * SIGTERM or SIGINT: stop claiming, finish the job in hand, exit. A job whose
 * worker dies instead is taken over by another once its lease expires.
 */
import { openDb } from '@/db/client';
import { config } from '@/lib/config';
import { survivePostgresWriteBug } from '@/lib/faults';
import { logger } from '@/lib/log';
import { appBlobStore } from '@/lib/storage/app';
import { scoringLoops, scoringPool } from '@/lib/submissions/scorer';
import { runWorker, workerId } from '@/lib/submissions/worker';
import { watchParent } from './parent';

const log = logger('worker');

async function main() {
  const cfg = config();
  if (!cfg.DATABASE_URL) {
    log.fatal('set DATABASE_URL; with the embedded database the site runs its own worker.');
    process.exit(2);
  }
  survivePostgresWriteBug(); // porsager/postgres #1154: a dropped connection must not end the worker
  const stop = new AbortController();
  let connected = false;
  const onStop = (signal: string) => {
    if (!connected) process.exit(0); // still waiting for the database: nothing claimed yet
    if (stop.signal.aborted) return;
    log.info({ signal }, 'stopping: no new jobs; finishing the job in hand');
    stop.abort();
  };
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => onStop(sig));
  watchParent(() => onStop('parent exited'));
  const opened = await openDb(
    { url: cfg.DATABASE_URL, max: 2 + scoringLoops({ embedded: false }) },
    {
      waitSeconds: cfg.DATABASE_WAIT_SECONDS,
      onWait: ({ target, reason, retryInSeconds }) => log.warn({ reason }, `waiting for ${target}; retrying in ${retryInSeconds} s`),
    },
  );
  connected = true;
  log.info({ worker: workerId() }, 'started');
  // One loop, or SCORING_THREADS loops when set (see scoringLoops); their threads start now, not at the first job.
  scoringPool().warm(scoringLoops({ embedded: false }));
  await Promise.all(
    Array.from({ length: scoringLoops({ embedded: false }) }, () =>
      runWorker({
        db: opened.db,
        store: appBlobStore(),
        signal: stop.signal,
        maxBytes: cfg.MAX_SUBMISSION_BYTES,
        leaseMs: cfg.WORKER_LEASE_MS,
        // One line per job ending in its outcome (lib/submissions/queue-*.test.ts read these lines).
        onJob: (job, outcome) => log.info(`${job.id} attempt ${job.attempts}: ${outcome}`),
      }),
    ),
  );
  await opened.close();
  log.info('stopped');
  process.exit(0);
}

main().catch((e) => {
  log.fatal(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
