/**
 * The thread side of parseInThread: parses the file as a plain `id,label` CSV (read in
 * 8 MB chunks, parsed-labels.ts) or, when it starts with PAR1, as an `id,label` Parquet
 * file of at most `maxRows` rows (read by byte range, parquet-labels.ts; its rows are kept by
 * partition as they are read), and hands the arrays back in shared memory, scattered by partition
 * (parsed-join.ts) so the join after the key is built only probes. Anything else (quotes, other columns or encodings, a file it
 * cannot read) answers null. Then it waits for one probe task (the lower half of the key's
 * partitions, `podium score`'s join on two threads) and answers whether it went through;
 * before that it may be asked to build the key's id index (scoring-key.ts, IndexElsewhere).
 */
import { open, stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { fileChunks } from '../../tables/file-chunks';
import { fileSource } from '../../tables/parquet-ranges';
import { parseLabelsParquet } from './parquet-labels';
import { parseLabelsCsv } from './parsed-labels';
import type { ByteColumn } from '../byte-hash';
import { PartitionedIndex, type SharedIndex } from '../partitioned-index';
import { runProbe, scatterParsed, withProbeArrays, type ProbeTask, type ScatteredParse } from './parsed-join';

const CHUNK = 8 << 20;

async function main({ path, maxRows }: { path: string; maxRows: number }) {
  const fh = await open(path, 'r');
  const head = new Uint8Array(4);
  await fh.read(head, 0, 4, 0);
  await fh.close();
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return maxRows > 0 ? parseLabelsParquet(fileSource(path), maxRows, true) : null;
  return parseLabelsCsv(fileChunks(path, CHUNK), (await stat(path)).size);
}

/** The key's id column, for its index (built here while the main thread reads test_labels), or a probe task. */
type Task = { type: 'index'; id: number; col: ByteColumn; claim: Int32Array } | ({ type: 'probe' } & ProbeTask);

let parsing = true;
const indexTasks: Extract<Task, { type: 'index' }>[] = [];

/** After the parse (not between its chunks), unless the main thread got to it first (claim: 0 = free, 1 = here, 2 = there). */
function buildIndex(task: Extract<Task, { type: 'index' }>): void {
  let index: SharedIndex | null = null;
  try {
    if (Atomics.compareExchange(task.claim, 0, 0, 1) === 0) index = new PartitionedIndex(task.col).shared();
  } finally {
    parentPort!.postMessage({ id: task.id, indexed: index });
  }
}

parentPort!.on('message', (task: Task) => {
  if (task.type === 'index') {
    if (parsing) indexTasks.push(task);
    else buildIndex(task);
    return;
  }
  let ok = false;
  try {
    ok = runProbe(task);
  } finally {
    parentPort!.postMessage({ probed: ok });
  }
});

main(workerData as { path: string; maxRows: number })
  .then(
    // A Parquet file's rows come back already by partition (bucketed-rows.ts); a CSV's are scattered now. The join's arrays come with them.
    (parsed) => parentPort!.postMessage(parsed ? withProbeArrays('rowAt' in parsed ? (parsed as ScatteredParse) : scatterParsed(parsed)) : null),
    () => parentPort!.postMessage(null),
  )
  .finally(() => {
    parsing = false;
    for (const task of indexTasks.splice(0)) buildIndex(task);
  });
