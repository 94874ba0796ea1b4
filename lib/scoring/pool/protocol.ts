/** Messages between the scoring pool (lib/scoring/pool/index.ts) and its threads (thread.ts). */
import type { MessagePort } from 'node:worker_threads';
import type { SharedIndex } from '../partitioned-index';
import type { ScoreResult } from '../score';

export type ToThread =
  | {
      type: 'score';
      job: number;
      keyHash: string;
      /** The serialized answer key, shared read-only (the thread loads it once per hash). */
      keyBytes: SharedArrayBuffer;
      /** The key's join index, when a thread already built it (shared read-only too). */
      index?: SharedIndex;
      fileName: string;
      size: number;
      maxBytes?: number;
      /** Files from this size may borrow idle threads (join-parallel.ts). */
      splitMinBytes: number;
    }
  /** This thread is lent to job `job`'s thread: tasks come over `port`; the file is read by range as for a job. */
  | { type: 'help'; job: number; keyHash: string; keyBytes: SharedArrayBuffer; index: SharedIndex; size: number; port: MessagePort }
  /** The threads lent to a job (none when none was idle), one port to each. */
  | { type: 'lent'; job: number; req: number; ports: MessagePort[] }
  | { type: 'bytes'; job: number; req: number; bytes: Uint8Array }
  | { type: 'readError'; job: number; req: number; message: string };

export type ThreadError = { code?: string; message: string; details?: Record<string, unknown> };

export type FromThread =
  /** The thread's warm-up (warm-up.ts) is over, after `ms`; it takes jobs from now on. */
  | { type: 'warmed'; ms: number }
  | { type: 'read'; job: number; req: number; start: number; end: number }
  | { type: 'borrow'; job: number; req: number; max: number }
  /** A key's join index this thread built, for the pool to hand to the other threads. */
  | { type: 'index'; job: number; keyHash: string; index: SharedIndex }
  /** A lent thread is free again without its job's thread having released it (that thread is gone). */
  | { type: 'helped'; job: number }
  /** `lentProbes`: lent threads that probed their share to the end (the split join succeeded on them). */
  | { type: 'done'; job: number; result: ScoreResult; lentProbes: number }
  | { type: 'failed'; job: number; error: ThreadError };
