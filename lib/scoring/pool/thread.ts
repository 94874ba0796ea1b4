/**
 * A scoring thread: loads answer keys from shared bytes (kept by hash), reads the
 * submission's bytes by asking its parent for byte ranges, and runs the same
 * scoreSubmission as everything else. Any crash or heap exhaustion here ends this
 * thread only; the pool reports the job failed and starts another thread.
 */
import { parentPort } from 'node:worker_threads';
import { isPodiumError } from '@/lib/errors';
import { loadAnswerKey, type AnswerKey } from '../answer-key';
import { partitionedIndex } from '../partitioned-index';
import { scoreSubmission, type SubmissionSource } from '../score';
import type { FromThread, ToThread } from './protocol';

/** Bytes asked for at a time while streaming a CSV; the next range is requested while this one is parsed. */
const STREAM_CHUNK = 4 << 20;

const port = parentPort!;
const keys = new Map<string, AnswerKey>();
const pending = new Map<number, { resolve(b: Uint8Array): void; reject(e: Error): void }>();
let nextReq = 1;

const send = (m: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function read(job: number, start: number, end: number): Promise<Uint8Array> {
  const req = nextReq++;
  return new Promise((resolve, reject) => {
    pending.set(req, { resolve, reject });
    send({ type: 'read', job, req, start, end });
  });
}

function sourceFor(job: number, size: number): SubmissionSource {
  return {
    size,
    read: (start, end) => read(job, start, Math.min(end, size)),
    async *stream() {
      let at = 0;
      let next = size > 0 ? read(job, 0, Math.min(size, STREAM_CHUNK)) : null;
      while (next) {
        const bytes = await next;
        at += bytes.length;
        next = at < size && bytes.length > 0 ? read(job, at, Math.min(size, at + STREAM_CHUNK)) : null;
        yield bytes;
      }
    },
  };
}

async function score(m: Extract<ToThread, { type: 'score' }>): Promise<void> {
  try {
    let key = keys.get(m.keyHash);
    if (!key) {
      key = loadAnswerKey(new Uint8Array(m.keyBytes));
      // The join's index is part of a loaded key: built once here, used by every file scored against it.
      if (key.kind === 'classification') partitionedIndex(key.idColumns[0]);
      if (keys.size >= 4) keys.clear();
      keys.set(m.keyHash, key);
    }
    const result = await scoreSubmission({ key, file: { source: sourceFor(m.job, m.size) }, fileName: m.fileName, maxBytes: m.maxBytes });
    const transfer = [result.predictions, result.losses, result.scores].filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer);
    send({ type: 'done', job: m.job, result }, transfer);
  } catch (e) {
    const error = isPodiumError(e) ? { code: e.code, message: e.message, details: e.details } : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    send({ type: 'failed', job: m.job, error });
  }
}

port.on('message', (m: ToThread) => {
  if (m.type === 'score') {
    void score(m);
    return;
  }
  const p = pending.get(m.req);
  if (!p) return;
  pending.delete(m.req);
  if (m.type === 'bytes') p.resolve(m.bytes);
  else p.reject(new Error(m.message));
});
