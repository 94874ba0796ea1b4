/**
 * The thread side of parseInThread: parses the file as a plain `id,label` CSV (read in
 * 8 MB chunks, parsed-labels.ts) or, when it starts with PAR1, as an `id,label` Parquet
 * file of at most `maxRows` rows (read by byte range, parquet-labels.ts), and hands the
 * arrays back without copying them. Anything else (quotes, other columns or encodings, a
 * file it cannot read) answers null.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { fileChunks } from '../../tables/file-chunks';
import { fileSource } from '../../tables/parquet-ranges';
import { parseLabelsParquet } from './parquet-labels';
import { parseLabelsCsv } from './parsed-labels';

const CHUNK = 8 << 20;

async function main({ path, maxRows }: { path: string; maxRows: number }) {
  const fh = await open(path, 'r');
  const head = new Uint8Array(4);
  await fh.read(head, 0, 4, 0);
  await fh.close();
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return maxRows > 0 ? parseLabelsParquet(fileSource(path), maxRows) : null;
  return parseLabelsCsv(fileChunks(path, CHUNK));
}

main(workerData as { path: string; maxRows: number }).then(
  (parsed) => parentPort!.postMessage(parsed, parsed ? [parsed.hashes.buffer, parsed.codes.buffer, parsed.offsets.buffer, parsed.arena.buffer] as ArrayBuffer[] : []),
  () => parentPort!.postMessage(null),
);
