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

function threadFile(): Promise<string> {
  return bundled(path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-thread.ts'), { format: 'cjs' });
}

export async function parseInThread(file: string, maxRows = 0): Promise<ParsedLabels | null> {
  return (await startParse(file, maxRows)).result;
}

/** Starts the thread and resolves as soon as it runs (so synchronous work after this overlaps it); `result` is parseInThread's. */
export async function startParse(file: string, maxRows = 0): Promise<{ result: Promise<ParsedLabels | null> }> {
  let code: string;
  try {
    code = await threadFile();
  } catch {
    return { result: Promise.resolve(null) };
  }
  let worker: Worker;
  try {
    worker = new Worker(code, { execArgv: [], workerData: { path: file, maxRows } });
  } catch {
    return { result: Promise.resolve(null) };
  }
  const result = new Promise<ParsedLabels | null>((resolve) => {
    worker.once('message', (m: ParsedLabels | null) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { result };
}
