/**
 * A small in-process cache for what every board read needs: a board is computed at
 * most once per `ttlMs` per (task, board, freeze cutoff), concurrent misses share one
 * computation, and readers of a stale board get it while the new one is computed. With 50 clients polling, the database sees one board query per task
 * per second instead of one per request. Scores land in the database from any worker
 * process, so staleness is bounded by time (1 s by default) rather than by a signal;
 * changes made in this process (selections, disqualifications, freezes) clear it at once.
 */
import { PodiumError } from '@/lib/errors';

type Entry<T> = { at: number; value: Promise<T>; settled: boolean; refreshing: boolean };

export class TtlCache {
  private entries = new Map<string, Entry<unknown>>();
  constructor(
    private ttlMs: number,
    private maxEntries = 1000,
    private clock: () => number = Date.now,
    /** Older than this, a stale value is not served: after a quiet spell the reader waits for a fresh one. */
    private maxStaleMs = 3 * ttlMs,
  ) {}

  /**
   * The cached value while it is fresh. Once stale, the first caller starts one
   * recomputation and every caller keeps getting the old value until it lands, so no
   * reader waits on the database (stale-while-revalidate). A cold key, or one unread
   * for longer than `maxStaleMs`, waits.
   */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const hit = this.entries.get(key) as Entry<T> | undefined;
    if (hit && (now - hit.at < this.ttlMs || hit.refreshing)) return hit.value;
    if (hit && hit.settled && now - hit.at < this.maxStaleMs) {
      hit.refreshing = true;
      this.start(key, compute, now).value.then(
        () => undefined,
        () => undefined,
      );
      return hit.value;
    }
    return this.start(key, compute, now).value;
  }

  private start<T>(key: string, compute: () => Promise<T>, now: number): Entry<T> {
    const previous = this.entries.get(key) as Entry<T> | undefined;
    const entry: Entry<T> = { at: now, value: compute(), settled: false, refreshing: false };
    entry.value.then(
      () => {
        entry.settled = true;
        if (this.entries.get(key) !== entry) {
          this.entries.delete(key);
          this.entries.set(key, entry);
          if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        }
      },
      () => {
        // A failed computation is not kept: the stale value stays (if any) and the next read tries again.
        if (previous?.settled && this.entries.get(key) === previous) previous.refreshing = false;
        else if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    // A cold key is stored at once so concurrent misses share the computation; a refresh replaces the old entry only when it lands.
    if (!previous?.settled) {
      this.entries.set(key, entry);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  clear() {
    this.entries.clear();
  }
}

const g = globalThis as unknown as { __podiumBoardCache?: TtlCache };
/** One cache per process, shared by every route bundle. */
export const boardCache: TtlCache = (g.__podiumBoardCache ??= new TtlCache(1000));

export function privateBoardRefused(): PodiumError {
  return new PodiumError('forbidden:private_leaderboard', 'The private leaderboard is revealed when the challenge ends; until then only organizers see it.');
}
