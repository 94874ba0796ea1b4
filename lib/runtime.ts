import { openAppDb } from '@/db';
import { stampPeerAddresses } from '@/lib/auth/client-address';
import { writeLocalCliAccess } from '@/lib/auth/local-cli';
import { authSecret, config } from '@/lib/config';
import { resolveCaller } from '@/lib/auth/caller';
import { survivePostgresWriteBug } from '@/lib/faults';
import { sweepStorage } from '@/lib/storage/sweep';
import { appBlobStore } from '@/lib/storage/app';
import { scoringLoops, scoringPool } from '@/lib/submissions/scorer';
import { runWorker } from '@/lib/submissions/worker';
import { getAnonymousBoardStamp } from '@/lib/leaderboard/board-version';
import type { BoardPagesRuntime } from '@/lib/leaderboard/page-cache';

// scripts/server.ts reads the stop and done handles on shutdown: the job in hand finishes before the process exits.
const g = globalThis as unknown as { __podiumRuntime?: Promise<void>; __podiumWorkerStop?: AbortController; __podiumWorkerDone?: Promise<void> };

/**
 * Runs once per server process: opens (and migrates) the database and, unless
 * EMBEDDED_WORKER=false, starts a scoring worker inside the web process.
 */
export function startServerRuntime(): Promise<void> {
  g.__podiumRuntime ??= (async () => {
    const cfg = config(); // a bad environment stops the start here, naming the variable
    stampPeerAddresses(); // the sign-in limits key on the socket's address (lib/auth/client-address.ts)
    survivePostgresWriteBug();
    const { db } = await openAppDb();
    // podium's server (scripts/server.ts) keys its cache of shared board pages on this stamp, and asks whether a
    // session is an organizer's (their pages are never cached) with the same resolveCaller as every page
    // (lib/leaderboard/page-cache.ts).
    (globalThis as { __podiumBoardPages?: BoardPagesRuntime }).__podiumBoardPages = {
      stamp: (slug) => getAnonymousBoardStamp({ db, slug }),
      organizer: async (cookie) =>
        (await resolveCaller({ db, headers: new Headers({ cookie }), secret: authSecret(cfg), organizerEmails: cfg.ORGANIZER_EMAILS }))?.role === 'organizer',
    };
    // Leftovers of crashes and abandoned uploads; in the background, so the start is not delayed.
    void sweepStorage({ db, store: appBlobStore() }).then(
      (r) => {
        if (r.tempFiles + r.uploadFolders + r.emptyFolders + r.orphanBlobs > 0) console.log('[podium] start-up sweep removed', r);
      },
      (e) => console.error('[podium] start-up sweep failed', e),
    );
    if (cfg.mode === 'embedded') {
      // The command line's way in while this process holds the embedded database (lib/auth/local-cli.ts).
      await writeLocalCliAccess({ db, dataDir: cfg.dataDir, port: cfg.PORT, organizerEmails: cfg.ORGANIZER_EMAILS }).catch((e) =>
        console.error('[podium] could not write DATA_DIR/site.json for the command line', e),
      );
    }
    if (cfg.EMBEDDED_WORKER ?? true) {
      const stop = new AbortController();
      g.__podiumWorkerStop = stop;
      // One loop per scoring thread, so queued submissions are scored on every core at once.
      scoringPool().warm();
      const loops = Array.from({ length: scoringLoops({ embedded: true }) }, () =>
        runWorker({ db, store: appBlobStore(), signal: stop.signal, maxBytes: cfg.MAX_SUBMISSION_BYTES, leaseMs: cfg.WORKER_LEASE_MS }),
      );
      g.__podiumWorkerDone = Promise.all(loops).then(() => undefined);
      for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
    }
  })();
  return g.__podiumRuntime;
}
