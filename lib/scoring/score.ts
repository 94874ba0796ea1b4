/**
 * Score one submission file against a loaded answer key: the one entry point the
 * worker, `podium score` and the tests share.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isPodiumError, PodiumError } from '@/lib/errors';
import type { AnswerKey } from './answer-key';
import { METRIC_VERSION } from './metrics';
import { resultFromRows, type ScoreResult } from './score-result';
import { readCsvSubmission } from './submission/read-csv';
import { readParquetSubmission } from './submission/read-parquet';
import { sniffFormat } from './submission/sniff';
import { badFile } from './where';
import { scoreGroupingBytes } from './grouping/score';
import { scoreOpenMatchingBytes } from './open-matching/score';

export type { ScoreResult } from './score-result';
export { METRIC_VERSION };

export type SubmissionFile = { path: string } | { bytes: Uint8Array };

const CHUNK = 1 << 20;

export async function scoreSubmission(input: {
  key: AnswerKey;
  file: SubmissionFile;
  fileName?: string;
  maxBytes?: number;
}): Promise<ScoreResult> {
  const { key, file, maxBytes } = input;
  const fileName = input.fileName ?? ('path' in file ? basename(file.path) : 'submission');
  const size = 'path' in file ? (await stat(file.path)).size : file.bytes.length;
  if (maxBytes !== undefined && size > maxBytes) {
    throw new PodiumError('too_large:submission_file', `${fileName}: the file is ${size} bytes; the limit is ${maxBytes} bytes`, { rule: 'file_size', size, maxBytes });
  }
  if (size === 0) throw badFile('empty_file', `${fileName}, the file is empty; expected a header line and one row per test id`);

  try {
    return await scoreFile(key, file, fileName);
  } catch (e) {
    // Every file problem names the file first, so a message read alone still says which upload it was about.
    if (isPodiumError(e) && e.kind === 'bad_file') throw new PodiumError(e.code as 'bad_file', `${fileName}, ${e.message}`, e.details);
    throw e;
  }
}

async function scoreFile(key: AnswerKey, file: SubmissionFile, fileName: string): Promise<ScoreResult> {
  if (key.kind === 'grouping') return scoreGroupingBytes(key, 'path' in file ? await readAll(file.path) : file.bytes, fileName);
  if (key.kind === 'open_matching') return scoreOpenMatchingBytes(key, 'path' in file ? await readAll(file.path) : file.bytes, fileName);
  const head = 'path' in file ? await readHead(file.path) : file.bytes.subarray(0, 65536);
  const format = sniffFormat(head, fileName);
  let rows;
  if (format === 'parquet') {
    const bytes = 'path' in file ? await readAll(file.path) : file.bytes;
    rows = await readParquetSubmission(key, bytes);
  } else {
    rows = await readCsvSubmission(key, 'path' in file ? fileChunks(file.path) : [file.bytes]);
  }
  return resultFromRows(key, rows);
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readAll(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    return new Uint8Array(await fh.readFile());
  } finally {
    await fh.close();
  }
}

/** Fresh buffers per chunk: the CSV reader may keep a view on the tail of the last one. */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const buf = new Uint8Array(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
