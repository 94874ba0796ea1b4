import 'server-only';
import os from 'node:os';
import { config } from '@/lib/config';
import { answerKeyBytes, answerKeyHash, type AnswerKey } from '@/lib/scoring/answer-key';
import { ScoringPool } from '@/lib/scoring/pool';
import type { ScoreResult } from '@/lib/scoring/score';
import type { RangeSource } from '@/lib/scoring/submission/read-parquet';
import type { BlobStore } from '@/lib/storage/types';

const g = globalThis as unknown as { __podiumScoringPool?: ScoringPool };

/** The process's scoring threads (one pool per process, like the database client). */
export function scoringPool(): ScoringPool {
  const cfg = config();
  g.__podiumScoringPool ??= new ScoringPool({ threads: cfg.SCORING_THREADS ?? os.availableParallelism(), memoryMb: cfg.SCORING_MEMORY_MB });
  return g.__podiumScoringPool;
}

/**
 * How many jobs a process scores at once. The embedded site is the only worker process, so
 * it runs one loop per scoring thread (every core). A `npm run worker` process runs one loop
 * unless SCORING_THREADS says otherwise: servers scale by adding worker processes, and until
 * leases are renewed while a job runs, jobs sharing a process's cores take longer than a lease.
 */
export function scoringLoops({ embedded }: { embedded: boolean }): number {
  if (embedded) return scoringPool().options.threads;
  return config().SCORING_THREADS ?? 1;
}

/** A stored object read by byte range (end exclusive here, inclusive in the store's `get`). */
export async function storedSource(store: BlobStore, storageKey: string): Promise<RangeSource> {
  const head = await store.head(storageKey);
  if (!head) throw new Error(`submission file ${storageKey} is missing from storage`);
  return {
    size: head.size,
    async read(start, end) {
      if (end <= start) return new Uint8Array(0);
      // One read call where the store has it (the local store: ~6 ms instead of ~60 ms of 64 KiB chunks per 21 MB).
      if (store.readRange) return store.readRange(storageKey, start, end);
      const { stream } = await store.get(storageKey, { start, end: end - 1 });
      const out = new Uint8Array(end - start);
      let at = 0;
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        out.set(chunk.subarray(0, out.length - at), at);
        at += chunk.length;
      }
      return at >= out.length ? out : out.subarray(0, at);
    },
  };
}

/**
 * Scores a stored submission in a scoring thread: the file is streamed from storage by
 * range (never read whole), the thread's heap is capped, and a thread that dies takes
 * only this job with it.
 */
export async function scoreStoredSubmission(input: { store: BlobStore; key: AnswerKey; storageKey: string; fileName: string; maxBytes?: number }): Promise<ScoreResult> {
  const { store, key, storageKey, fileName, maxBytes } = input;
  const source = await storedSource(store, storageKey);
  const keyBytes = answerKeyBytes(key);
  return scoringPool().score({ keyHash: key.hash ?? answerKeyHash(keyBytes), keyBytes, source, fileName, maxBytes });
}
