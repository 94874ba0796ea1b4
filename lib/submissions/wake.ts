/**
 * Wakes this process's idle worker loops when a job is queued here (an upload, a
 * re-score), so the embedded worker claims it at once instead of at its next poll
 * (every 250 ms by default). Loops in other processes still find the job by polling.
 */
const g = globalThis as unknown as { __podiumWorkerWake?: { sleepers: Set<() => void>; count: number } };
const state = (g.__podiumWorkerWake ??= { sleepers: new Set<() => void>(), count: 0 });
const sleepers = state.sleepers;

/** Ends every idle wait in this process now (and any about to start since `wakeCount` was read). */
export function wakeWorkers(): void {
  state.count++;
  for (const wake of [...sleepers]) wake();
}

/** Read before looking at the queue: a wake-up after it is not lost while the loop is still querying. */
export function wakeCount(): number {
  return state.count;
}

/**
 * Waits `ms`, or less when `wakeWorkers` is called or `signal` aborts. Returns at once
 * when a wake-up came after `since` (a `wakeCount()` read before the empty claim).
 */
export function idleWait(ms: number, signal?: AbortSignal, since = state.count): Promise<void> {
  if (state.count !== since || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sleepers.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    sleepers.add(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
