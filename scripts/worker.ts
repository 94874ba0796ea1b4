/**
 * `npm run worker`: one more scoring worker against the configured database
 * (PostgreSQL; with the embedded database the site's own worker does this).
 */
import { openDb } from '@/db/client';
import { config } from '@/lib/config';
import { appBlobStore } from '@/lib/storage/app';
import { scoringLoops, scoringPool } from '@/lib/submissions/scorer';
import { runWorker, workerId } from '@/lib/submissions/worker';

async function main() {
  const cfg = config();
  if (!cfg.DATABASE_URL) {
    console.error('podium worker: set DATABASE_URL; with the embedded database the site runs its own worker.');
    process.exit(2);
  }
  const opened = await openDb({ url: cfg.DATABASE_URL, max: 2 + scoringLoops({ embedded: false }) });
  const stop = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
  console.log(`podium worker ${workerId()} started`);
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
        onJob: (job, outcome) => console.log(`${new Date().toISOString()} ${job.id} attempt ${job.attempts}: ${outcome}`),
      }),
    ),
  );
  await opened.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
