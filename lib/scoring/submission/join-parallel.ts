/**
 * One `id,label` file joined on several threads: the file is cut into parts (a CSV by byte
 * range, each cut just after a newline, which in the plain case always ends a row; a Parquet
 * file by runs of row groups), each thread reads and joins its part (prediction-join.ts:
 * rows in the key's order matched on the spot, the others hashed and scattered by partition
 * into shared memory), then each thread probes its share of the partitions over every part's
 * rows and the one shared index, writing into one shared predictions array.
 *
 * Exactness: a row's key row is claimed once in the whole file, not once per thread. The
 * parts' in-order ranges must not overlap, the rows of all parts must add up to the key's
 * rows, and the probe refuses a row of an in-order range or a key id already claimed
 * (an id is probed by the one thread that has its partition). Anything else (a part outside
 * the plain case, an unknown id or label, a helper thread lost) gives null, and the caller
 * reads the file with the validator, which names the rule, row and value as it always did.
 *
 * The engine stays pure: threads are lent through `Helpers` (lib/scoring/pool lends idle
 * scoring threads); the helper side runs `runHelpTask` here.
 */
import type { AnswerKey } from '../answer-key';
import { partitionedIndex } from '../partitioned-index';
import { KeyedRows, scanPlainLines } from './fast-csv';
import { joinGroups, type LabelsPlan } from './parquet-labels';
import { probeArray, probePartitions, type JoinPart } from './partition-probe';
import { PredictionJoin } from './prediction-join';
import type { RangeSource } from './read-parquet';

/** A part of a file: a CSV byte range of whole data lines, or a run of Parquet row groups. */
export type PartTask = { type: 'csv'; start: number; end: number; idFirst: boolean } | { type: 'parquet'; plan: LabelsPlan };

export type HelpTask =
  | { type: 'part'; task: PartTask; predictions: Int32Array; stop: Int32Array }
  | { type: 'probe'; parts: JoinPart[]; p0: number; p1: number; byK: Int32Array; predictions: Int32Array };
export type HelpReply = { part: JoinPart | null } | { ok: boolean };

/** A thread lent to one job: one task at a time; `release` gives it back to its pool (resolved once it is free). */
export interface HelperLink {
  run(task: HelpTask): Promise<HelpReply>;
  release(): Promise<void>;
}

/** Threads a job may borrow: as many idle ones as there are, up to `max` (none when the pool is busy). */
export interface Helpers {
  /** Files smaller than this are read on one thread. */
  minBytes: number;
  borrow(max: number): Promise<HelperLink[]>;
}

/** Bytes asked for at a time when a thread reads its part of a CSV. */
const PART_CHUNK = 4 << 20;

/**
 * Joins the file in parallel when threads can be borrowed: `plan(k)` cuts it into at most k
 * parts (null = do not split). Undefined when it did not try (one thread; the caller's
 * sequential path decides), else the predictions or null (the validator must read the file).
 */
export async function joinInParallel(
  key: AnswerKey,
  source: RangeSource,
  helpers: Helpers | undefined,
  plan: (parts: number) => Promise<PartTask[] | null>,
): Promise<Int32Array | null | undefined> {
  if (!helpers || key.kind !== 'classification' || key.idColumns.length !== 1) return undefined;
  if (source.size < helpers.minBytes || partitionedIndex(key.idColumns[0]).partitionBits === 0) return undefined;
  // From minBytes one helper; more as the file grows (a part of a big file stays over minBytes / 2).
  const links = await helpers.borrow(helpers.minBytes > 0 ? Math.max(1, Math.floor(source.size / helpers.minBytes) - 1) : Infinity);
  try {
    const tasks = links.length > 0 ? await plan(links.length + 1) : null;
    if (!tasks || tasks.length < 2) return undefined;
    return await joinParts(key, source, links.slice(0, tasks.length - 1), tasks);
  } finally {
    await Promise.all(links.map((link) => link.release()));
  }
}

async function joinParts(key: AnswerKey, source: RangeSource, links: HelperLink[], tasks: PartTask[]): Promise<Int32Array | null> {
  const predictions = probeArray(key.n);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const theirs = links.map((link, i) => link.run({ type: 'part', task: tasks[i + 1], predictions, stop }).then((r) => ('part' in r ? r.part : null), () => null));
  const mine = await runPart(key, source, tasks[0], predictions, stop, false);
  if (!mine) Atomics.store(stop, 0, 1);
  const parts = [mine, ...(await Promise.all(theirs))];
  if (!parts.every((p) => p !== null) || !coverOnce(parts, key.n)) {
    Atomics.store(stop, 0, 1);
    return null;
  }
  const index = partitionedIndex(key.idColumns[0]);
  const byK = probeArray(key.n);
  const share = (t: number) => Math.round(((1 << index.partitionBits) * t) / parts.length);
  const probes = links.map((link, i) => link.run({ type: 'probe', parts, p0: share(i + 1), p1: share(i + 2), byK, predictions }).then((r) => 'ok' in r && r.ok, () => false));
  const ok = probePartitions(index, parts, 0, share(1), byK, predictions);
  const all = await Promise.all(probes);
  return ok && all.every(Boolean) ? predictions.slice() : null;
}

/** The in-order ranges do not overlap, and the parts' rows add up to the key's rows. */
function coverOnce(parts: JoinPart[], n: number): boolean {
  const ranges = parts.filter((p) => p.end > p.first).sort((a, b) => a.first - b.first);
  for (let i = 1; i < ranges.length; i++) if (ranges[i].first < ranges[i - 1].end) return false;
  return parts.reduce((a, p) => a + (p.end - p.first) + p.m, 0) === n;
}

/** Reads one part into a join writing into the shared predictions; null = not sure (or another part failed). */
async function runPart(key: AnswerKey, source: RangeSource, task: PartTask, predictions: Int32Array, stop: Int32Array, findFirst: boolean): Promise<JoinPart | null> {
  const join = new PredictionJoin(key, { predictions, findFirst });
  const stopped = () => Atomics.load(stop, 0) !== 0;
  const ok =
    task.type === 'csv'
      ? await scanPlainLines(rangeChunks(source, task.start, task.end, PART_CHUNK), new KeyedRows(key, join), task.idFirst, stopped)
      : await joinGroups(key, source, task.plan, join, stopped);
  if (!ok) Atomics.store(stop, 0, 1);
  return ok ? join.part(true) : null;
}

/** The helper's side of a task (pool/thread.ts runs it in a lent thread). */
export async function runHelpTask(key: AnswerKey, source: RangeSource, task: HelpTask): Promise<HelpReply> {
  if (task.type === 'part') return { part: await runPart(key, source, task.task, task.predictions, task.stop, true) };
  return { ok: probePartitions(partitionedIndex(key.idColumns[0]), task.parts, task.p0, task.p1, task.byK, task.predictions) };
}

/** Bytes [start, end) in chunks, the next range asked for while the current one is used. */
export async function* rangeChunks(source: RangeSource, start: number, end: number, size: number): AsyncGenerator<Uint8Array> {
  let at = start;
  let next = at < end ? source.read(at, Math.min(end, at + size)) : null;
  while (next) {
    const bytes = await next;
    at += bytes.length;
    next = at < end && bytes.length > 0 ? source.read(at, Math.min(end, at + size)) : null;
    yield bytes;
  }
}
