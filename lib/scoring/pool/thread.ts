/**
 * A scoring thread: loads answer keys from shared bytes (kept by hash), reads the
 * submission's bytes by asking its parent for byte ranges, and runs the same
 * scoreSubmission as everything else. Any crash or heap exhaustion here ends this
 * thread only; the pool reports the job failed and starts another thread.
 *
 * A job may borrow idle threads (submission/join-parallel.ts): this thread asks the pool,
 * gets a port to each lent thread and sends it tasks; a lent thread runs them (`help`) and
 * is free again when the port closes (released, or this thread gone).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isPodiumError } from '@/lib/errors';
import { loadAnswerKey, type AnswerKey } from '../answer-key';
import { partitionedIndex, type SharedIndex } from '../partitioned-index';
import { scoreSubmission, type SubmissionSource } from '../score';
import { rangeChunks, runHelpTask, type HelperLink, type Helpers, type HelpReply, type HelpTask } from '../submission/join-parallel';
import type { FromThread, ToThread } from './protocol';
import { warmUp } from './warm-up';

/** Bytes asked for at a time while streaming a CSV; the next range is requested while this one is parsed. */
const STREAM_CHUNK = 4 << 20;

const port = parentPort!;
const keys = new Map<string, AnswerKey>();
const pending = new Map<number, { resolve(b: Uint8Array): void; reject(e: Error): void }>();
const borrowing = new Map<number, (ports: MessagePort[]) => void>();
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
  const source = { size, read: (start: number, end: number) => read(job, start, Math.min(end, size)) };
  return { ...source, stream: () => rangeChunks(source, 0, size, STREAM_CHUNK) };
}

function keyFor(job: number, keyHash: string, keyBytes: SharedArrayBuffer, index: SharedIndex | undefined): AnswerKey {
  let key = keys.get(keyHash);
  if (!key) {
    key = loadAnswerKey(new Uint8Array(keyBytes));
    // The join's index is part of a loaded key: built once (by the first thread that loads the key, then shared), used by every file.
    if (key.kind === 'classification') {
      const built = partitionedIndex(key.idColumns[0], index);
      if (!index) send({ type: 'index', job, keyHash, index: built.shared() });
    }
    if (keys.size >= 4) keys.clear();
    keys.set(keyHash, key);
  }
  return key;
}

/** This job's way to borrow idle threads from the pool; `probes` counts the probe tasks lent threads finished. */
function helpersFor(job: number, minBytes: number): Helpers & { probes: number } {
  const helpers: Helpers & { probes: number } = {
    minBytes,
    probes: 0,
    borrow: (max) =>
      new Promise<MessagePort[]>((resolve) => {
        const req = nextReq++;
        borrowing.set(req, resolve);
        send({ type: 'borrow', job, req, max });
      }).then((ports) => ports.map((p) => linkOver(p, helpers))),
  };
  return helpers;
}

function linkOver(p: MessagePort, count: { probes: number }): HelperLink {
  let waiting: { resolve(r: HelpReply | 'released'): void; reject(e: Error): void } | null = null;
  let closed = false;
  const settle = () => {
    const w = waiting;
    waiting = null;
    return w;
  };
  p.on('message', (r: HelpReply | 'released') => {
    if (typeof r === 'object' && 'ok' in r && r.ok) count.probes++;
    settle()?.resolve(r);
  });
  p.on('close', () => {
    closed = true;
    settle()?.reject(new Error('the lent scoring thread is gone'));
  });
  const ask = (m: HelpTask | 'release') =>
    new Promise<HelpReply | 'released'>((resolve, reject) => {
      if (closed) return reject(new Error('the lent scoring thread is gone'));
      waiting = { resolve, reject };
      p.postMessage(m);
    });
  return {
    run: (task) => ask(task) as Promise<HelpReply>,
    // The lent thread answers once its task is over; the pool frees it with this job's end (pool/index.ts).
    release: () => ask('release').then(
      () => p.close(),
      () => p.close(),
    ),
  };
}

async function score(m: Extract<ToThread, { type: 'score' }>): Promise<void> {
  try {
    const key = keyFor(m.job, m.keyHash, m.keyBytes, m.index);
    const helpers = helpersFor(m.job, m.splitMinBytes);
    const result = await scoreSubmission({ key, file: { source: sourceFor(m.job, m.size) }, fileName: m.fileName, maxBytes: m.maxBytes, helpers });
    const transfer = [result.predictions, result.losses, result.scores].filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer);
    send({ type: 'done', job: m.job, result, lentProbes: helpers.probes }, transfer);
  } catch (e) {
    const error = isPodiumError(e) ? { code: e.code, message: e.message, details: e.details } : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    send({ type: 'failed', job: m.job, error });
  }
}

/**
 * Lent to a job: runs its tasks one at a time. Released, it answers when its task is over (the
 * pool frees it when the job ends); if the job's thread is gone instead, it tells the pool itself.
 */
function help(m: Extract<ToThread, { type: 'help' }>): void {
  let busy: Promise<unknown> = Promise.resolve();
  let released = false;
  let key: AnswerKey;
  try {
    key = keyFor(m.job, m.keyHash, m.keyBytes, m.index);
  } catch {
    m.port.close();
    send({ type: 'helped', job: m.job });
    return;
  }
  const source = sourceFor(m.job, m.size);
  m.port.on('message', (task: HelpTask | 'release') => {
    if (task === 'release') {
      released = true;
      void busy.finally(() => m.port.postMessage('released'));
      return;
    }
    busy = runHelpTask(key, source, task)
      .catch((): HelpReply => (task.type === 'part' ? { part: null } : { ok: false }))
      .then((reply) => m.port.postMessage(reply));
  });
  m.port.on('close', () => void busy.finally(() => !released && send({ type: 'helped', job: m.job })));
}

// Before the first job (messages wait on the port until the listener below is attached): compiled code for it.
if ((workerData as { warmUp?: boolean } | null)?.warmUp) {
  const t0 = performance.now();
  await warmUp().catch(() => {});
  send({ type: 'warmed', ms: performance.now() - t0 });
}

port.on('message', (m: ToThread) => {
  if (m.type === 'score') return void score(m);
  if (m.type === 'help') return help(m);
  if (m.type === 'lent') {
    borrowing.get(m.req)?.(m.ports);
    borrowing.delete(m.req);
    return;
  }
  const p = pending.get(m.req);
  if (!p) return;
  pending.delete(m.req);
  if (m.type === 'bytes') p.resolve(m.bytes);
  else p.reject(new Error(m.message));
});
