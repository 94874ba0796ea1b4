/**
 * Parses a local prediction file on another core (parse-thread.ts) while the caller does
 * something else (`podium score`: builds the answer key). Resolves to the parsed rows, or
 * null when the file is not a plain `id,label` CSV or Parquet file (of at most `maxRows`
 * rows; 0 = no Parquet) or anything goes wrong; the caller then
 * scores the file the ordinary way, so this can only save time, never change a result.
 *
 * The thread runs parse-thread.ts bundled to plain JavaScript by esbuild (tsx's own
 * compiler, ~0.1 s) rather than under tsx: starting tsx in a thread cost ~0.8 s, about
 * what parsing 1M rows takes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParsedLabels } from './parsed-labels';

async function threadCode(): Promise<string> {
  const { build } = await import('esbuild');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = await build({ entryPoints: [path.join(here, 'parse-thread.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent' });
  return out.outputFiles[0].text;
}

export async function parseInThread(file: string, maxRows = 0): Promise<ParsedLabels | null> {
  let code: string;
  try {
    code = await threadCode();
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(code, { eval: true, execArgv: [], workerData: { path: file, maxRows } });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (m: ParsedLabels | null) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
