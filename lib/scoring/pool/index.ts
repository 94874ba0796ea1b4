/**
 * Scoring threads: each submission is scored in a worker thread with a heap cap, so
 * whatever a file does (a crafted Parquet file, a pathological CSV) it can at worst end
 * its own thread; the process that asked (the web server in embedded mode) keeps
 * answering, and the job fails with a reason. Threads are reused; the serialized answer
 * key is shared with them read-only (one SharedArrayBuffer per key; each thread loads it once),
 * and so is the key's join index (built by the first thread that loads the key).
 *
 * One job can use several threads: when its file is big enough, its thread asks to borrow
 * threads, and gets the ones idle for a second or more, none while jobs wait in the queue (so
 * a queue of many jobs still runs one job per thread). A lent thread talks to the job's thread
 * over its own MessagePort (submission/join-parallel.ts), reads its part of the file through
 * the pool like a job, and is free again when the job's thread releases it.
 *
 * The pool knows no storage: the caller passes a RangeSource, and the thread asks for
 * the byte ranges it needs (4 MB at a time for CSV, per row group for Parquet).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { PodiumError } from '@/lib/errors';
import type { SharedIndex } from '../partitioned-index';
import type { ScoreResult } from '../score';
import type { RangeSource } from '../submission/read-parquet';
import type { FromThread, ThreadError, ToThread } from './protocol';

export type ScoreJob = {
  keyHash: string;
  /** The serialized answer key (what storage holds); copied into shared memory once per hash. */
  keyBytes: Uint8Array;
  source: RangeSource;
  fileName: string;
  maxBytes?: number;
};

/** `idleSince`: when the thread last finished (or started), for lending only threads idle a while. */
type Slot = { worker: Worker; job: Running | null; idleSince: number; warmed: Promise<void>; onWarmed(): void };
/** A job on its thread, or (`lent`) a thread lent to a job's thread, reading that job's file. */
type Running = { id: number; job: ScoreJob; resolve(r: ScoreResult): void; reject(e: Error): void; lent?: boolean; helpers?: Array<{ slot: Slot; id: number }> };
type SharedKey = { bytes: SharedArrayBuffer; index?: SharedIndex };

/** Files from this size may be split over idle threads (measured: see lib/scoring/README.md). */
const SPLIT_MIN_BYTES = 2 << 20;
/**
 * A thread is lent only when it has had no job for this long: in a queue drain a worker loop leaves
 * its thread idle for a few hundred ms between jobs (writes, intervals), and lending it then made the
 * next job wait (drain.ts, 50 × 1M: 0.93M rows/s lending, 1.53M not); a thread idle for a second has
 * no job coming.
 */
const LEND_AFTER_IDLE_MS = 1000;

/** Where thread-entry.mjs is: beside this file (tsx, vitest) or under the project root (the bundled server). */
function entryPath(): string {
  const candidates = [path.resolve(process.cwd(), 'lib/scoring/pool/thread-entry.mjs')];
  try {
    candidates.unshift(path.join(path.dirname(fileURLToPath(import.meta.url)), 'thread-entry.mjs'));
  } catch {
    // no file URL in this bundle
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`scoring thread entry not found (looked at ${candidates.join(', ')})`);
  return found;
}

export class ScoringPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Running[] = [];
  private readonly shared = new Map<string, SharedKey>();
  private nextId = 1;
  private closed = false;
  /** How many times a thread was lent to another job's thread, and how many of those probed (the split join got to its end). Tests and benches read them. */
  readonly stats = { lent: 0, probed: 0 };
  /** Each thread's warm-up (ms of wall time at its start), in the order they finished. */
  readonly warmUpMs: number[] = [];

  /**
   * `warmUp` (default true): each thread scores a small synthetic job on every `id,label` path when it
   * starts, before its first job (pool/warm-up.ts), so the first real submission does not pay V8's compilation.
   */
  constructor(readonly options: { threads: number; memoryMb: number; splitMinBytes?: number; lendAfterIdleMs?: number; warmUp?: boolean }) {}

  /** Starts `count` threads now (default all), so the first jobs do not wait for a thread to load the engine. */
  warm(count = this.options.threads): this {
    while (!this.closed && this.slots.length < Math.min(count, this.options.threads)) this.spawn();
    return this;
  }

  /** Starts every thread (as `warm()`) and resolves once each has finished its warm-up (at once with `warmUp: false`). */
  async ready(): Promise<void> {
    this.warm();
    const slots = [...this.slots];
    // Referenced while awaited (an idle thread is not, and a process awaiting only it would exit).
    for (const s of slots) s.worker.ref();
    await Promise.all(slots.map((s) => s.warmed));
    for (const s of slots) if (!s.job && !this.closed) s.worker.unref();
  }

  score(job: ScoreJob): Promise<ScoreResult> {
    if (this.closed) return Promise.reject(new Error('the scoring pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread; jobs still running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('the scoring pool is closed'));
    // Referenced while they end: an idle (unreferenced) thread's termination does not keep the process waiting for it.
    await Promise.all(
      this.slots.map((s) => {
        s.worker.ref();
        return s.worker.terminate();
      }),
    );
    this.slots.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.options.threads) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(entryPath(), {
      execArgv: [], // not the host's flags (vitest's, Next's): the entry registers what it needs
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      workerData: { warmUp: this.options.warmUp ?? true },
    });
    // A thread warming up is not lent (its idle time counts from the warm-up's end); a job given to it waits for the warm-up.
    const warmUp = this.options.warmUp !== false;
    let onWarmed = () => {};
    const warmed = warmUp ? new Promise<void>((r) => (onWarmed = r)) : Promise.resolve();
    const slot: Slot = { worker, job: null, idleSince: warmUp ? Infinity : performance.now(), warmed, onWarmed: () => onWarmed() };
    worker.on('message', (m: FromThread) => void this.onMessage(slot, m));
    worker.on('error', (e) => this.onDeath(slot, e));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`scoring thread exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, run: Running): void {
    slot.job = run;
    slot.worker.ref();
    const { job } = run;
    // Always sent (a shared buffer is passed by reference): the thread keeps the keys it loaded and may drop any.
    const { bytes: keyBytes, index } = this.sharedKey(job.keyHash, job.keyBytes);
    const splitMinBytes = this.options.splitMinBytes ?? SPLIT_MIN_BYTES;
    const m: ToThread = { type: 'score', job: run.id, keyHash: job.keyHash, keyBytes, index, fileName: job.fileName, size: job.source.size, maxBytes: job.maxBytes, splitMinBytes };
    slot.worker.postMessage(m);
  }

  private sharedKey(hash: string, bytes: Uint8Array): SharedKey {
    let entry = this.shared.get(hash);
    if (!entry) {
      entry = { bytes: new SharedArrayBuffer(bytes.length) };
      new Uint8Array(entry.bytes).set(bytes);
      if (this.shared.size >= 8) this.shared.clear();
      this.shared.set(hash, entry);
    }
    return entry;
  }

  /** Lends idle threads to `run`'s thread (none while jobs wait, or before the key's index is shared): one port to each. */
  private lend(slot: Slot, run: Running, req: number, max: number): void {
    const entry = this.shared.get(run.job.keyHash);
    const index = entry?.index;
    const since = performance.now() - (this.options.lendAfterIdleMs ?? LEND_AFTER_IDLE_MS);
    const idle = this.queue.length === 0 && entry && index ? this.slots.filter((s) => s.job === null && s.idleSince <= since).slice(0, Math.max(0, max)) : [];
    const ports = idle.map((helper) => {
      const { port1, port2 } = new MessageChannel();
      helper.job = { id: this.nextId++, job: run.job, resolve: () => {}, reject: () => {}, lent: true };
      (run.helpers ??= []).push({ slot: helper, id: helper.job.id });
      helper.worker.ref();
      const m: ToThread = { type: 'help', job: helper.job.id, keyHash: run.job.keyHash, keyBytes: entry!.bytes, index: index!, size: run.job.source.size, port: port2 };
      helper.worker.postMessage(m, [port2]);
      this.stats.lent++;
      return port1;
    });
    const m: ToThread = { type: 'lent', job: run.id, req, ports };
    slot.worker.postMessage(m, ports);
  }

  private finish(slot: Slot): Running | null {
    const run = slot.job;
    slot.job = null;
    slot.idleSince = performance.now();
    if (!this.closed) slot.worker.unref(); // close() keeps them referenced until they have ended
    queueMicrotask(() => this.dispatch());
    return run;
  }

  private async onMessage(slot: Slot, m: FromThread): Promise<void> {
    if (m.type === 'warmed') {
      this.warmUpMs.push(m.ms);
      if (!slot.job) slot.idleSince = performance.now();
      slot.onWarmed();
      return;
    }
    if (m.type === 'index') {
      const entry = this.shared.get(m.keyHash);
      if (entry && !entry.index) entry.index = m.index;
      return;
    }
    const run = slot.job;
    if (!run || m.job !== run.id) return;
    if (m.type === 'borrow') return this.lend(slot, run, m.req, m.max);
    if (m.type === 'helped') {
      this.finish(slot);
      return;
    }
    if (m.type === 'read') {
      let reply: ToThread;
      const transfer: ArrayBuffer[] = [];
      try {
        const got = await run.job.source.read(m.start, m.end);
        const bytes = got.byteOffset === 0 && got.byteLength === got.buffer.byteLength && !(got.buffer instanceof SharedArrayBuffer) ? got : got.slice();
        transfer.push(bytes.buffer as ArrayBuffer);
        reply = { type: 'bytes', job: m.job, req: m.req, bytes };
      } catch (e) {
        reply = { type: 'readError', job: m.job, req: m.req, message: (e as Error).message };
      }
      if (slot.job === run) slot.worker.postMessage(reply, transfer);
      return;
    }
    this.finish(slot);
    // The job's thread released its lent threads (and they answered) before it ended: they are free.
    for (const h of run.helpers ?? []) if (h.slot.job?.id === h.id) this.finish(h.slot);
    if (m.type === 'done') {
      this.stats.probed += m.lentProbes;
      run.resolve(m.result);
    } else run.reject(errorFrom(m.error));
  }

  private onDeath(slot: Slot, e: Error & { code?: string }): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // 'error' and 'exit' both arrive
    this.slots.splice(i, 1);
    slot.onWarmed();
    const run = slot.job;
    slot.job = null;
    if (run) {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        run.reject(
          new PodiumError(
            'bad_file:out_of_memory',
            `${run.job.fileName}, scoring stopped: the file needed more than the ${this.options.memoryMb} MB of memory a scoring thread may use`,
            { rule: 'out_of_memory', memoryMb: this.options.memoryMb },
          ),
        );
      } else {
        run.reject(new Error(`scoring thread died: ${e.message}`));
      }
    }
    if (!this.closed) this.dispatch();
  }
}

function errorFrom(e: ThreadError): Error {
  if (e.code) return new PodiumError(e.code as 'bad_file', e.message, e.details);
  return new Error(`scoring thread: ${e.message}`);
}
