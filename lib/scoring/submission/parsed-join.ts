/**
 * `podium score`'s join of a file parsed before its key existed (parse-thread.ts), on two
 * threads. The parse thread scatters its rows by partition (`scatterParsed`, the layout
 * PredictionJoin's parts have: partition p's rows are [rowAt[p], rowAt[p + 1]), by the top
 * bits of the id hash) while the main thread still builds the key; once both are done, the
 * parse thread probes the lower half of the key's partitions (`runProbe`) and the main thread
 * the upper half, into one shared predictions array, through probePartitions.
 *
 * The same answers as PredictionJoin.fromParsed(…).finish() (which checks the header, the
 * labels and the row count first: it is asked the same question here), or null: the caller
 * then scores the file the ordinary way, whose validator names the rule, row and value.
 */
import type { AnswerKey } from '../answer-key';
import type { ByteColumn } from '../byte-hash';
import { partitionBitsFor, partitionedIndex, PartitionedIndex, type SharedIndex } from '../partitioned-index';
import type { ParsedLabels } from './parsed-labels';
import { probeArray, probePartitions, scatter, type JoinPart, type ScatteredRows } from './partition-probe';
import { PredictionJoin } from './prediction-join';

/** A parse whose rows are scattered by the partition bits of a key of `m` rows, in shared memory. */
export type ScatteredParse = ParsedLabels & { bits: number; rowAt: Int32Array; probeArrays?: { byK: Int32Array; predictions: Int32Array } };

/** The parse thread's last step before it answers (it waits for the key's index anyway): the join's two arrays, for m key rows, ready. */
export function withProbeArrays(parsed: ScatteredParse): ScatteredParse {
  return { ...parsed, probeArrays: { byK: probeArray(parsed.m), predictions: probeArray(parsed.m) } };
}

/** What the parse thread is asked after the key is built: probe partitions [p0, p1) of the key's index. */
export type ProbeTask = { index: SharedIndex; rows: ScatteredRows; m: number; p0: number; p1: number; byK: Int32Array; predictions: Int32Array; classOf: Int32Array };

/** The rows of `parsed` by partition (rows, then their id bytes, each partition contiguous), as PredictionJoin's parts scatter theirs. */
export function scatterParsed(parsed: ParsedLabels): ScatteredParse {
  const bits = partitionBitsFor(parsed.m);
  const rows = scatter(bits, parsed.m, parsed.hashes, parsed.codes, parsed.offsets, parsed.arena, true);
  return { ...parsed, hashes: rows.hashes, codes: rows.classes, offsets: rows.offsets, arena: rows.arena, bits, rowAt: rows.rowAt };
}

const NO_COLUMN: ByteColumn = { bytes: new Uint8Array(0), offsets: new Uint32Array(1) };

/** The parse thread's side of a probe. */
export function runProbe(task: ProbeTask): boolean {
  const index = new PartitionedIndex(NO_COLUMN, task.index);
  return probePartitions(index, [part(task.rows, task.m)], task.p0, task.p1, task.byK, task.predictions, task.classOf);
}

function part(rows: ScatteredRows, m: number): JoinPart {
  return { first: 0, end: 0, m, rows };
}

/** Predicted class per key row, or null (not this file, a thread lost, an unknown or repeated id). */
export async function joinParsedInParallel(key: AnswerKey, parsed: ScatteredParse, probeElsewhere: (task: ProbeTask) => Promise<boolean>): Promise<Int32Array | null> {
  const classes = PredictionJoin.parsedClasses(key, parsed); // header, labels and row count as the key expects
  if (!classes) return null;
  // The probe wrote label codes (the parse's first-seen order); fromParsed found each one among the classes.
  const classOf = Int32Array.from(classes);
  const index = partitionedIndex(key.idColumns[0]);
  if (index.partitionBits !== parsed.bits) return null;
  const rows: ScatteredRows = { rowAt: parsed.rowAt, hashes: parsed.hashes, classes: parsed.codes, offsets: parsed.offsets, arena: parsed.arena };
  const ready = parsed.probeArrays?.byK.length === key.n ? parsed.probeArrays : null;
  parsed.probeArrays = undefined; // used once: a probe leaves its marks in byK
  const predictions = ready ? ready.predictions : probeArray(key.n);
  const byK = ready ? ready.byK : probeArray(key.n);
  const all = 1 << index.partitionBits;
  const half = all >> 1;
  const theirs = half > 0 ? probeElsewhere({ index: index.shared(), rows, m: parsed.m, p0: 0, p1: half, byK, predictions, classOf }).catch(() => false) : Promise.resolve(true);
  const mine = probePartitions(index, [part(rows, parsed.m)], half, all, byK, predictions, classOf);
  if (!(await theirs) || !mine) return null;
  return predictions;
}
