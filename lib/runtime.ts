import { openAppDb } from '@/db';
import { config } from '@/lib/config';
import { appBlobStore } from '@/lib/storage/app';
import { scoringLoops, scoringPool } from '@/lib/submissions/scorer';
import { runWorker } from '@/lib/submissions/worker';

const g = globalThis as unknown as { __podiumRuntime?: Promise<void>; __podiumWorkerStop?: AbortController };

/**
 * Runs once per server process: opens (and migrates) the database and, unless
 * EMBEDDED_WORKER=false, starts a scoring worker inside the web process.
 */
export function startServerRuntime(): Promise<void> {
  g.__podiumRuntime ??= (async () => {
    const cfg = config(); // a bad environment stops the start here, naming the variable
    const { db } = await openAppDb();
    if (cfg.EMBEDDED_WORKER ?? true) {
      const stop = new AbortController();
      g.__podiumWorkerStop = stop;
      // One loop per scoring thread, so queued submissions are scored on every core at once.
      scoringPool().warm();
      for (let i = 0; i < scoringLoops({ embedded: true }); i++) {
        void runWorker({ db, store: appBlobStore(), signal: stop.signal, maxBytes: cfg.MAX_SUBMISSION_BYTES, leaseMs: cfg.WORKER_LEASE_MS });
      }
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
    }
  })();
  return g.__podiumRuntime;
}
