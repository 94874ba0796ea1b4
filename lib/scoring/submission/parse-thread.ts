/**
 * The thread side of parseInThread: reads the file in 8 MB chunks, parses it as a plain
 * `id,label` CSV (parsed-labels.ts) and hands the arrays back without copying them.
 * Anything else (Parquet, quotes, a file it cannot read) answers null.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { fileChunks } from '../../tables/file-chunks';
import { parseLabelsCsv } from './parsed-labels';

const CHUNK = 8 << 20;

async function main(path: string) {
  const fh = await open(path, 'r');
  const head = new Uint8Array(4);
  await fh.read(head, 0, 4, 0);
  await fh.close();
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return null;
  return parseLabelsCsv(fileChunks(path, CHUNK));
}

main((workerData as { path: string }).path).then(
  (parsed) => parentPort!.postMessage(parsed, parsed ? [parsed.hashes.buffer, parsed.codes.buffer, parsed.offsets.buffer, parsed.arena.buffer] as ArrayBuffer[] : []),
  () => parentPort!.postMessage(null),
);
