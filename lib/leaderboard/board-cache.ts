/**
 * In-process caches for board reads. Boards themselves go through `VersionedCache`, keyed
 * by the challenge's board version (board-version.ts), so they are computed once per
 * change and a change from any process is seen at the next read. `TtlCache` (stale after
 * `ttlMs`, stale-while-revalidate) is left for the API's challenge and task lookups by
 * slug; changes made in this process (selections, disqualifications, freezes) clear it.
 */
import { PodiumError } from '@/lib/errors';

type Entry<T> = {
  /** The last computed value (once `settled`), or the first computation while cold. */
  value: Promise<T>;
  /** When the computation behind `value` started. */
  at: number;
  settled: boolean;
  /** A recomputation in flight: every reader that must wait shares it. */
  inflight?: Promise<T>;
};

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
   * The cached value while it is fresh. Once stale, the first reader starts one
   * recomputation and readers keep getting the old value until it lands
   * (stale-while-revalidate). A cold key, or one older than `maxStaleMs`, waits, and
   * all its readers share that one computation: there is never more than one
   * computation per key in flight.
   */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock();
    let e = this.entries.get(key) as Entry<T> | undefined;
    if (e?.settled && now - e.at < this.ttlMs) return e.value;
    if (!e) {
      e = { value: undefined as unknown as Promise<T>, at: now, settled: false };
      this.entries.set(key, e as Entry<unknown>);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    const entry = e;
    if (!entry.inflight) {
      const started = now;
      const p = compute();
      entry.inflight = p;
      if (!entry.settled) entry.value = p;
      p.then(
        () => {
          if (entry.inflight !== p) return;
          entry.value = p;
          entry.at = started;
          entry.settled = true;
          entry.inflight = undefined;
        },
        () => {
          // A failure is not kept: the stale value stays (if any) and the next read tries again.
          if (entry.inflight === p) entry.inflight = undefined;
          if (!entry.settled && this.entries.get(key) === entry) this.entries.delete(key);
        },
      );
    }
    return entry.settled && now - entry.at < this.maxStaleMs ? entry.value : entry.inflight!;
  }

  clear() {
    this.entries.clear();
  }
}

/**
 * One value per key and version, where versions only grow (a challenge's board version,
 * board-version.ts): a reader with version v gets the value computed for v or a later
 * version, and concurrent readers of a new version share one computation. No time
 * bound: a value is replaced when, and only when, a newer version is asked for.
 */
export class VersionedCache<T> {
  private entries = new Map<string, { version: number; value: Promise<T> }>();
  constructor(private maxEntries = 2000) {}

  get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const e = this.entries.get(key);
    if (e && e.version >= version) return e.value;
    const value = compute();
    const entry = { version, value };
    this.entries.delete(key); // re-inserted last: the oldest keys are evicted first
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failure is not kept: the next reader tries again.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
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
