/**
 * The answer key as typed arrays: ids as concatenated UTF-8 bytes (dense row index =
 * position), truth as small integers, the public/private split as a byte mask. This is
 * what storage holds (serializeAnswerKey) and what the worker loads (loadAnswerKey).
 */
import { createHash } from 'node:crypto';
import { PodiumError } from '@/lib/errors';
import { byteColumnFromStrings, byteColumnValue, RowIndex, type ByteColumn } from './byte-hash';
import { sortClasses } from './class-order';
import { publicMask } from './split';

export type TaskKind = 'classification' | 'matching' | 'grouping' | 'open_matching';

export type AnswerKey = {
  kind: TaskKind;
  n: number;
  /** `['id']` for classification, `['left_id', 'right_id']` for matching. */
  idNames: string[];
  idColumns: ByteColumn[];
  /** Classification: labels in scikit-learn order. Matching: `['0', '1']`. Grouping, open matching: `[]`. */
  classes: string[];
  /** Per row: class index (classification), 0/1 (matching) or dense true-group index (grouping). */
  truth: Int32Array;
  publicMask: Uint8Array;
  seed: number;
  publicFraction: number;
  /**
   * Open matching only: every record a submitted pair may name (`right` null when right
   * is left), and which left records are public; key rows are then the true matches.
   */
  records?: { left: ByteColumn; right: ByteColumn | null; leftPublic: Uint8Array };
  /** sha256 hex of the serialized key, set by loadAnswerKey (stored with every score). */
  hash?: string;
};

export function buildClassificationKey(input: {
  ids: string[];
  labels: string[];
  classes: string[];
  seed: number;
  publicFraction: number;
}): AnswerKey {
  const { ids, labels, seed, publicFraction } = input;
  if (ids.length !== labels.length) {
    throw new PodiumError('bad_task:answer_key', `answer key: ${ids.length} ids but ${labels.length} labels`);
  }
  const classes = sortClasses(input.classes);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const truth = new Int32Array(ids.length);
  for (let i = 0; i < labels.length; i++) {
    const k = classIndex.get(labels[i]);
    if (k === undefined) {
      throw new PodiumError('bad_task:unknown_label', `answer key row ${i + 1} (id '${ids[i]}'): label '${labels[i]}' is not one of the train classes`);
    }
    truth[i] = k;
  }
  const key: AnswerKey = {
    kind: 'classification',
    n: ids.length,
    idNames: ['id'],
    idColumns: [byteColumnFromStrings(ids)],
    classes,
    truth,
    publicMask: publicMask({ n: ids.length, seed, fraction: publicFraction }),
    seed,
    publicFraction,
  };
  assertUniqueIds(key);
  return key;
}

export function buildMatchingKey(input: {
  leftIds: string[];
  rightIds: string[];
  labels: Uint8Array;
  seed: number;
  publicFraction: number;
}): AnswerKey {
  const { leftIds, rightIds, labels, seed, publicFraction } = input;
  const n = leftIds.length;
  if (rightIds.length !== n || labels.length !== n) {
    throw new PodiumError('bad_task:answer_key', `answer key: ${n} left ids, ${rightIds.length} right ids, ${labels.length} labels`);
  }
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (labels[i] > 1) throw new PodiumError('bad_task:label_not_binary', `answer key row ${i + 1}: label ${labels[i]} is not 0 or 1`);
    truth[i] = labels[i];
  }
  const key: AnswerKey = {
    kind: 'matching',
    n,
    idNames: ['left_id', 'right_id'],
    idColumns: [byteColumnFromStrings(leftIds), byteColumnFromStrings(rightIds)],
    classes: ['0', '1'],
    truth,
    publicMask: publicMask({ n, seed, fraction: publicFraction }),
    seed,
    publicFraction,
  };
  assertUniqueIds(key);
  return key;
}

const indexCache = new WeakMap<AnswerKey, RowIndex>();

/** The id → row hash, built on first use: an in-order submission never needs it. */
export function keyRowIndex(key: AnswerKey): RowIndex {
  let index = indexCache.get(key);
  if (!index) {
    index = new RowIndex(key.idColumns);
    indexCache.set(key, index);
  }
  return index;
}

export function keyIdText(key: AnswerKey, row: number): string {
  return key.idColumns.map((c) => byteColumnValue(c, row)).join(',');
}

function assertUniqueIds(key: AnswerKey): void {
  const index = keyRowIndex(key);
  for (let i = 0; i < key.n; i++) {
    const [a, b] = key.idColumns;
    const found = b
      ? index.find2(a.bytes, a.offsets[i], a.offsets[i + 1], b.bytes, b.offsets[i], b.offsets[i + 1])
      : index.find1(a.bytes, a.offsets[i], a.offsets[i + 1]);
    if (found !== i) {
      throw new PodiumError('bad_task:duplicate_id', `answer key: ${key.idNames.join(',')} '${keyIdText(key, i)}' appears at rows ${found + 1} and ${i + 1}`);
    }
  }
}

const MAGIC = 'PODKEY01';

type KeyHeader = {
  kind: TaskKind; n: number; idNames: string[]; classes: string[]; seed: number; publicFraction: number; idByteLengths: number[];
  records?: { left: number; leftBytes: number; right: number | null; rightBytes: number };
};

const pad8 = (x: number) => (x + 7) & ~7;

/** Layout: magic, u32 header length, JSON header, then 8-byte-aligned sections (offsets, bytes per id column; truth; mask). */
export function serializeAnswerKey(key: AnswerKey): Uint8Array {
  const header: KeyHeader = {
    kind: key.kind,
    n: key.n,
    idNames: key.idNames,
    classes: key.classes,
    seed: key.seed,
    publicFraction: key.publicFraction,
    idByteLengths: key.idColumns.map((c) => c.bytes.length),
    ...(key.records ? { records: recordsHeader(key.records) } : {}),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const sections: Uint8Array[] = [];
  for (const c of key.idColumns) sections.push(asBytes(c.offsets), c.bytes);
  sections.push(asBytes(key.truth), key.publicMask);
  if (key.records) {
    const { left, right, leftPublic } = key.records;
    sections.push(asBytes(left.offsets), left.bytes, leftPublic);
    if (right) sections.push(asBytes(right.offsets), right.bytes);
  }
  let size = pad8(12 + headerBytes.length);
  for (const s of sections) size += pad8(s.length);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  let at = pad8(12 + headerBytes.length);
  for (const s of sections) {
    out.set(s, at);
    at += pad8(s.length);
  }
  return out;
}

/** Views into `bytes` (copied once if misaligned); the hash of the bytes is kept on the key. */
export function loadAnswerKey(bytes: Uint8Array): AnswerKey {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new PodiumError('internal:answer_key', 'stored answer key is not in the PODKEY01 format');
  }
  const hash = answerKeyHash(bytes);
  const buf = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const headerLen = new DataView(buf.buffer, buf.byteOffset).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + headerLen))) as KeyHeader;
  let at = pad8(12 + headerLen);
  const take = (len: number) => {
    const view = buf.subarray(at, at + len);
    at += pad8(len);
    return view;
  };
  const u32 = (len: number) => new Uint32Array(buf.buffer, buf.byteOffset + at, len);
  const idColumns: ByteColumn[] = header.idByteLengths.map((byteLen) => {
    const offsets = u32(header.n + 1);
    take((header.n + 1) * 4);
    return { offsets, bytes: take(byteLen) };
  });
  const truth = new Int32Array(buf.buffer, buf.byteOffset + at, header.n);
  take(header.n * 4);
  const mask = take(header.n);
  const { kind, n, idNames, classes, seed, publicFraction } = header;
  const key: AnswerKey = { kind, n, idNames, classes, seed, publicFraction, idColumns, truth, publicMask: mask, hash };
  if (header.records) {
    const r = header.records;
    const column = (count: number, byteLen: number): ByteColumn => {
      const offsets = u32(count + 1);
      take((count + 1) * 4);
      return { offsets, bytes: take(byteLen) };
    };
    const left = column(r.left, r.leftBytes);
    const leftPublic = take(r.left);
    const right = r.right === null ? null : column(r.right, r.rightBytes);
    key.records = { left, right, leftPublic };
  }
  loadedFrom.set(key, bytes);
  return key;
}

const loadedFrom = new WeakMap<AnswerKey, Uint8Array>();

/** The serialized form of a key: the bytes it was loaded from, else serialized now (what scoring threads receive). */
export function answerKeyBytes(key: AnswerKey): Uint8Array {
  return loadedFrom.get(key) ?? serializeAnswerKey(key);
}

function recordsHeader(r: NonNullable<AnswerKey['records']>): NonNullable<KeyHeader['records']> {
  return { left: r.left.offsets.length - 1, leftBytes: r.left.bytes.length, right: r.right ? r.right.offsets.length - 1 : null, rightBytes: r.right?.bytes.length ?? 0 };
}

export function answerKeyHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asBytes(a: Uint32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
