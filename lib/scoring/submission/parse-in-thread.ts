/**
 * Parses a local prediction file on another core (parse-thread.ts) while the caller does
 * something else (`podium score`: builds the answer key). Resolves to the parsed rows, or
 * null when the file is not a plain `id,label` CSV or Parquet file (of at most `maxRows`
 * rows; 0 = no Parquet) or anything goes wrong; the caller then
 * scores the file the ordinary way, so this can only save time, never change a result.
 *
 * The thread runs parse-thread.ts bundled to plain JavaScript by esbuild (tsx's own
 * compiler) rather than under tsx: starting tsx in a thread cost ~0.8 s, about what parsing
 * 1M rows takes. The bundle is cached (lib/build/cached-bundle.mjs), so a run only checks
 * that its sources did not change; `startParse` starts the thread before the caller's
 * synchronous work (the answer key's CSV scans) so the two really run at once.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundled } from '@/lib/build/cached-bundle.mjs';
import type { ParsedLabels } from './parsed-labels';
import type { IndexElsewhere } from '@/lib/tasks/scoring-key';
import type { SharedIndex } from '../partitioned-index';
import type { ProbeTask, ScatteredParse } from './parsed-join';

function threadFile(): Promise<string> {
  return bundled(path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-thread.ts'), { format: 'cjs' });
}

export async function parseInThread(file: string, maxRows = 0): Promise<ParsedLabels | null> {
  const started = await startParse(file, maxRows);
  const parsed = await started.result;
  started.release();
  return parsed;
}

/** A parse started in its thread; the thread stays until `release` (or a probe) to probe half of the join. */
export type StartedParse = {
  result: Promise<ScatteredParse | null>;
  /** Runs one probe task in the parse thread (parsed-join.ts), then lets the thread go; false if it did not go through. */
  probe(task: ProbeTask): Promise<boolean>;
  /** Builds the id index of a key column there once the parse is done (scoring-key.ts, IndexElsewhere). */
  index: IndexElsewhere;
  release(): void;
};

/** Starts the thread and resolves as soon as it runs (so synchronous work after this overlaps it). */
export async function startParse(file: string, maxRows = 0): Promise<StartedParse> {
  const none: StartedParse = { result: Promise.resolve(null), probe: async () => false, index: () => ({ index: Promise.resolve(null), cancel: () => true }), release: () => {} };
  let code: string;
  try {
    code = await threadFile();
  } catch {
    return none;
  }
  let worker: Worker;
  try {
    worker = new Worker(code, { execArgv: [], workerData: { path: file, maxRows } });
  } catch {
    return none;
  }
  worker.unref();
  const release = () => void worker.terminate();
  let onProbed: ((ok: boolean) => void) | null = null;
  /** Index requests waiting for their answer, by id (a late answer to a cancelled one must not answer the next). */
  const indexing = new Map<number, (index: SharedIndex | null) => void>();
  let nextId = 1;
  const result = new Promise<ScatteredParse | null>((resolve) => {
    worker.on('message', (m: ScatteredParse | { probed: boolean } | { id: number; indexed: SharedIndex | null } | null) => {
      if (m && 'probed' in m) onProbed?.(m.probed);
      else if (m && 'indexed' in m) {
        indexing.get(m.id)?.(m.indexed);
        indexing.delete(m.id);
      } else resolve(m);
    });
    const lost = () => {
      resolve(null);
      onProbed?.(false);
      for (const answer of indexing.values()) answer(null);
      indexing.clear();
    };
    worker.once('error', lost);
    worker.once('exit', lost);
  });
  return {
    result,
    release,
    probe(task) {
      return new Promise<boolean>((resolve) => {
        onProbed = (ok) => {
          onProbed = null;
          release();
          resolve(ok);
        };
        worker.postMessage({ type: 'probe', ...task });
      });
    },
    index(col) {
      const claim = new Int32Array(new SharedArrayBuffer(4));
      const id = nextId++;
      const index = new Promise<SharedIndex | null>((resolve) => {
        indexing.set(id, resolve);
        worker.postMessage({ type: 'index', id, col, claim });
      });
      return { index, cancel: () => Atomics.compareExchange(claim, 0, 0, 2) === 0 };
    },
  };
}
