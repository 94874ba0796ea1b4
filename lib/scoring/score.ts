/**
 * Score one submission file against a loaded answer key: the one entry point the
 * worker, `podium score` and the tests share.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isPodiumError, PodiumError } from '@/lib/errors';
import type { AnswerKey } from './answer-key';
import { METRIC_VERSION } from './metrics';
import { resultFromPredictions, resultFromRows, type ScoreResult } from './score-result';
import { csvParts, fastCsvLabels } from './submission/fast-csv';
import { joinInParallel, type Helpers } from './submission/join-parallel';
import type { ParsedLabels } from './submission/parsed-labels';
import { PredictionJoin } from './submission/prediction-join';
import { readCsvSubmission } from './submission/read-csv';
import { readParquetSubmission, type RangeSource } from './submission/read-parquet';
import { sniffFormat } from './submission/sniff';
import { badFile } from '@/lib/tables/where';
import { fileChunks } from '../tables/file-chunks';
import { scoreGrouping } from './grouping/score';
import { scoreOpenMatching } from './open-matching/score';

export type { ScoreResult } from './score-result';
export { METRIC_VERSION };

/**
 * Where a submission's bytes are: a local file, a buffer (tests), or any other place that
 * can be read by range and streamed (the worker's blob store), so no caller needs the
 * whole file in memory.
 */
export type SubmissionFile = { path: string } | { bytes: Uint8Array } | { source: SubmissionSource };
export type SubmissionSource = RangeSource & { stream(): AsyncIterable<Uint8Array> };

const CHUNK = 1 << 20;

export async function scoreSubmission(input: {
  key: AnswerKey;
  file: SubmissionFile;
  fileName?: string;
  maxBytes?: number;
  /** The same file already parsed without the key (parse-in-thread.ts), used when the key agrees with it. */
  parsed?: ParsedLabels | null;
  /** Threads this job may borrow to read and join an `id,label` file in parts (join-parallel.ts; the scoring pool lends idle ones). */
  helpers?: Helpers;
}): Promise<ScoreResult> {
  const { key, file, maxBytes } = input;
  const fileName = input.fileName ?? ('path' in file ? basename(file.path) : 'submission');
  const source = 'path' in file ? await pathSource(file.path) : sourceOf(file);
  const size = source.size;
  if (maxBytes !== undefined && size > maxBytes) {
    throw new PodiumError('too_large:submission_file', `${fileName}: the file is ${size} bytes; the limit is ${maxBytes} bytes`, { rule: 'file_size', size, maxBytes });
  }
  if (size === 0) throw badFile('empty_file', `${fileName}, the file is empty; expected a header line and one row per test id`);

  try {
    return await scoreFile(key, source, fileName, input.parsed ?? null, input.helpers);
  } catch (e) {
    // Every file problem names the file first, so a message read alone still says which upload it was about.
    if (isPodiumError(e) && e.kind === 'bad_file') throw new PodiumError(e.code as 'bad_file', `${fileName}, ${e.message}`, e.details);
    throw e;
  }
}

async function scoreFile(key: AnswerKey, source: SubmissionSource, fileName: string, parsed: ParsedLabels | null, helpers: Helpers | undefined): Promise<ScoreResult> {
  if (key.kind === 'grouping') return scoreGrouping(key, source, fileName);
  if (key.kind === 'open_matching') return scoreOpenMatching(key, source, fileName);
  const head = await source.read(0, Math.min(source.size, 65536));
  const format = sniffFormat(head, fileName);
  const early = parsed?.format === format && PredictionJoin.fromParsed(key, parsed)?.finish();
  if (early) return resultFromPredictions(key, early);
  if (format === 'csv') {
    const split = await joinInParallel(key, source, helpers, (parts) => csvParts(key, source, head, parts));
    if (split) return resultFromPredictions(key, split);
    // Split and not sure: the validator reads the file (the sequential fast path would not be sure either).
    const fast = split === undefined ? await fastCsvLabels(key, source.stream()) : null;
    if (fast) return resultFromPredictions(key, fast);
    return resultFromRows(key, await readCsvSubmission(key, source.stream()));
  }
  const rows = await readParquetSubmission(key, source, helpers);
  return rows instanceof Int32Array ? resultFromPredictions(key, rows) : resultFromRows(key, rows);
}

function sourceOf(file: { bytes: Uint8Array } | { source: SubmissionSource }): SubmissionSource {
  if ('source' in file) return file.source;
  const { bytes } = file;
  return {
    size: bytes.length,
    read: async (s, e) => bytes.subarray(s, e),
    stream: async function* () {
      yield bytes;
    },
  };
}

async function pathSource(path: string): Promise<SubmissionSource> {
  const { size } = await stat(path);
  return {
    size,
    async read(start, end) {
      const fh = await open(path, 'r');
      try {
        const buf = new Uint8Array(end - start);
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    stream: () => fileChunks(path, CHUNK),
  };
}
