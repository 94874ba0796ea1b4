import { openAppDb } from '@/db';
import { config } from '@/lib/config';
import { appBlobStore } from '@/lib/storage/app';
import { runWorker } from '@/lib/submissions/worker';

// scripts/server.ts reads the stop and done handles on shutdown: the job in hand finishes before the process exits.
const g = globalThis as unknown as { __podiumRuntime?: Promise<void>; __podiumWorkerStop?: AbortController; __podiumWorkerDone?: Promise<void> };

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
      g.__podiumWorkerDone = runWorker({ db, store: appBlobStore(), signal: stop.signal, maxBytes: cfg.MAX_SUBMISSION_BYTES, leaseMs: cfg.WORKER_LEASE_MS });
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
    }
  })();
  return g.__podiumRuntime;
}
