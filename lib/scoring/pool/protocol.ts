/** Messages between the scoring pool (lib/scoring/pool/index.ts) and its threads (thread.ts). */
import type { ScoreResult } from '../score';

export type ToThread =
  | {
      type: 'score';
      job: number;
      keyHash: string;
      /** The serialized answer key, shared read-only (the thread loads it once per hash). */
      keyBytes: SharedArrayBuffer;
      fileName: string;
      size: number;
      maxBytes?: number;
    }
  | { type: 'bytes'; job: number; req: number; bytes: Uint8Array }
  | { type: 'readError'; job: number; req: number; message: string };

export type ThreadError = { code?: string; message: string; details?: Record<string, unknown> };

export type FromThread =
  | { type: 'read'; job: number; req: number; start: number; end: number }
  | { type: 'done'; job: number; result: ScoreResult }
  | { type: 'failed'; job: number; error: ThreadError };
