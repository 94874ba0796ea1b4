/**
 * A scoring thread's warm-up, run once when the thread starts (before it takes its first job):
 * a small synthetic `id,label` job scored the ways a real one may be, so the first real
 * submission runs compiled code instead of paying V8's compilation of the parse, decode, join
 * and probe loops (and hysnappy's WebAssembly instantiation) on its own clock:
 *
 * - a plain CSV and a DATA_PAGE v1 Parquet file (ids PLAIN, labels dictionary-encoded with
 *   bit-packed indices, snappy, several row groups: what DuckDB writes), half the rows in key
 *   order and half shuffled, so both the in-order match and the scatter run;
 * - each on one thread and split in two parts (the helper side run in this thread, as
 *   join-parallel.test.ts does), so `findFirst`, the shared scatter and `probePartitions` run too;
 * - the bytes read, the help tasks and their replies passed through structuredClone (the
 *   serializer postMessage uses), so the loops see the objects a real job's messages give them:
 *   a deserialized part or plan has other maps than a literal, and without this the first real
 *   job deoptimized `probePartitions` and `decodeByteArrayChunk` (`--trace-deopt`).
 *
 * The key and the files are made here (nothing is read from storage) and dropped afterwards.
 */
import { labelsParquetV1 } from '@/lib/tables/parquet-write-v1';
import { buildClassificationKey, loadAnswerKey, serializeAnswerKey, type AnswerKey } from '../answer-key';
import { partitionedIndex } from '../partitioned-index';
import { scoreSubmission, type SubmissionSource } from '../score';
import { runHelpTask, type Helpers } from '../submission/join-parallel';

const enc = new TextEncoder();
const CLASSES = 13;
/**
 * A seed past 2^31, as most task seeds are (seedFromSlug gives a uint32): V8 keeps a key's `seed` as a
 * double from then on. With a small one here, the first real key changed that field's representation and
 * deoptimized every compiled function that reads a key (`--trace-deopt`: "code dependencies"), so the first
 * job's result loop ran uncompiled (12–19 ms of a 1M-row job instead of ~4).
 */
const WARM_SEED = 0x9e3779b9;

/** The warm-up's key and files: `n` test ids, the predictions in a half-ordered, half-shuffled order. */
export function warmUpJob(n = 12_288): { key: AnswerKey; csv: Uint8Array; parquet: Uint8Array; accuracy: number } {
  const ids = Array.from({ length: n }, (_, i) => `w${String(i).padStart(7, '0')}`);
  const labels = ids.map((_, i) => `class_${(i * 7) % CLASSES}`);
  const predicted = ids.map((_, i) => (i * 5) % CLASSES);
  const key = buildClassificationKey({ ids, labels, classes: [...new Set(labels)], seed: WARM_SEED, publicFraction: 0.3 });
  const half = n >> 1;
  const order = Array.from({ length: n }, (_, i) => (i < half ? i : half + ((i * 7919) % (n - half))));
  const classNames = Array.from({ length: CLASSES }, (_, c) => `class_${c}`);
  const csv = enc.encode(['id,label', ...order.map((r) => `${ids[r]},${classNames[predicted[r]]}`)].join('\n') + '\n');
  const parquet = labelsParquetV1(order.map((r) => ids[r]), order.map((r) => predicted[r]), classNames, 4096);
  const accuracy = ids.filter((_, i) => labels[i] === classNames[predicted[i]]).length / n;
  return { key, csv, parquet, accuracy };
}

/** Scores the warm-up job on every path twice (once compiles, twice lets V8 optimize what ran), the second time as a thread holds a key. */
export async function warmUp(): Promise<void> {
  const { key: built, csv, parquet } = warmUpJob();
  // Round 2 on the same key loaded again with its index taken from shared memory, as every thread but the
  // first gets a real key's (pool/thread.ts): that index object has another shape, and the probe sees both.
  const bytes = serializeAnswerKey(built);
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes); // a thread's key is views into the pool's shared copy
  const loaded = loadAnswerKey(shared);
  partitionedIndex(loaded.idColumns[0], partitionedIndex(built.idColumns[0]).shared());
  for (const key of [built, loaded]) {
    for (const [bytes, fileName] of [[csv, 'warm-up.csv'], [parquet, 'warm-up.parquet']] as const) {
      const source = sourceOf(bytes);
      await scoreSubmission({ key, file: { source }, fileName });
      await scoreSubmission({ key, file: { source }, fileName, helpers: inThread(key, source) });
    }
  }
}

function sourceOf(bytes: Uint8Array): SubmissionSource {
  return {
    size: bytes.length,
    read: async (s, e) => transferred(bytes.slice(s, e)), // as pool/thread.ts gets a range: a transferred copy
    stream: async function* () {
      yield bytes;
    },
  };
}

/** One lent "thread" that runs its tasks here. */
function inThread(key: AnswerKey, source: SubmissionSource): Helpers {
  return { minBytes: 0, borrow: async () => [{ run: async (task) => structuredClone(await runHelpTask(key, source, structuredClone(task))), release: async () => {} }] };
}

const transferred = (b: Uint8Array) => structuredClone(b, { transfer: [b.buffer as ArrayBuffer] });
