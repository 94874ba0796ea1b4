/**
 * Collects a submission's rows into per-key-row typed arrays, checking every rule of
 * docs/submissions.md as it goes: each row's id must be a test id not seen before, its label a
 * known class (or 0/1), its numbers finite and in range. Readers (CSV, Parquet) set
 * `row`/`line` before each call so every message can say where.
 */
import { byteColumnFromStrings, findBatch, RowIndex, sliceEquals } from '../byte-hash';
import { keyIdText, keyRowIndex, type AnswerKey } from '../answer-key';
import { rowLogLoss } from '../metrics/log-loss';
import { badFile, show, where } from '@/lib/tables/where';
import { BATCH, LabelBatch } from './label-batch';
import type { Layout } from './layout';

const utf8 = new TextDecoder();
/** Probabilities are renormalized like scikit-learn does, but a row far from 1 is a mistake worth reporting. */
export const SUM_TOLERANCE = 0.01;
const INFINITE = /^[-+]?(inf|infinity)$/i;

export class SubmissionRows {
  /**
   * Per key row, interleaved: [2r] = 1-based submission row that gave it (0 = none
   * yet), [2r+1] = predicted class. One cache line serves the duplicate check and the
   * write, which matters when rows arrive in random order over a large key.
   */
  private readonly state: Int32Array;
  readonly losses?: Float64Array;
  readonly scores?: Float64Array;
  row = 0;
  line = 0;
  count = 0;
  private expect = 0;
  /** False once the file left the key's order; a hash hit on `expect` turns it back on. */
  private inOrder = true;
  private readonly classIndex: RowIndex;
  private readonly probs: Float64Array;
  private readonly batch = new LabelBatch();

  constructor(readonly key: AnswerKey, readonly layout: Layout) {
    this.state = new Int32Array(key.n * 2);
    if (layout.mode === 'probabilities') this.losses = new Float64Array(key.n);
    if (layout.mode === 'matching' && layout.score >= 0) this.scores = new Float64Array(key.n);
    this.classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
    this.probs = new Float64Array(key.classes.length);
  }

  private at(): string {
    return where(this.row, this.line);
  }

  /** Key row of a classification id. In-order files match the expected row without hashing. */
  idRow(buf: Uint8Array, s: number, e: number): number {
    const col = this.key.idColumns[0];
    let r = this.expect;
    if (!this.inOrder || r >= this.key.n || !sliceEquals(buf, s, e, col.bytes, col.offsets[r], col.offsets[r + 1])) {
      r = keyRowIndex(this.key).find1(buf, s, e);
      if (r < 0) throw this.unknownId(utf8.decode(buf.subarray(s, e)));
      this.inOrder = r === this.expect;
    }
    if (this.state[2 * r] !== 0) throw this.duplicate(utf8.decode(buf.subarray(s, e)), r);
    return this.claim(r);
  }

  pairRow(b1: Uint8Array, s1: number, e1: number, b2: Uint8Array, s2: number, e2: number): number {
    const [c1, c2] = this.key.idColumns;
    let r = this.expect;
    if (
      !this.inOrder ||
      r >= this.key.n ||
      !sliceEquals(b1, s1, e1, c1.bytes, c1.offsets[r], c1.offsets[r + 1]) ||
      !sliceEquals(b2, s2, e2, c2.bytes, c2.offsets[r], c2.offsets[r + 1])
    ) {
      r = keyRowIndex(this.key).find2(b1, s1, e1, b2, s2, e2);
      if (r < 0) {
        const l = utf8.decode(b1.subarray(s1, e1));
        const rt = utf8.decode(b2.subarray(s2, e2));
        if (e1 === s1 || e2 === s2) throw badFile('empty_id', `${this.at()}: ${e1 === s1 ? 'left_id' : 'right_id'} is empty`);
        throw badFile('unknown_pair', `${this.at()}: the pair left_id ${show(l)}, right_id ${show(rt)} is not one of the ${this.key.n} test pairs`);
      }
      this.inOrder = r === this.expect;
    }
    if (this.state[2 * r] !== 0) throw this.duplicate(`${utf8.decode(b1.subarray(s1, e1))},${utf8.decode(b2.subarray(s2, e2))}`, r);
    return this.claim(r);
  }

  private duplicate(text: string, r: number) {
    const what = this.key.kind === 'matching' ? 'pair' : 'id';
    return badFile('duplicate_id', `${this.at()}: duplicate ${what} ${show(text)}; it was already given at row ${this.state[2 * r]}`);
  }

  private claim(r: number): number {
    this.state[2 * r] = this.row;
    this.expect = r + 1;
    this.count++;
    return r;
  }

  private unknownId(id: string) {
    if (id === '') return badFile('empty_id', `${this.at()}: the id is empty`);
    return badFile('unknown_id', `${this.at()}: id ${show(id)} is not a test id`);
  }

  /**
   * One `id,label` row. Rows in the key's order are matched on the spot; the others
   * are queued and looked up BATCH at a time (see findBatch). Errors keep file order:
   * queued rows are resolved before any later row's error is thrown.
   */
  labelRow(buf: Uint8Array, s: number, e: number, labelBuf: Uint8Array, ls: number, le: number): void {
    const c = le === ls ? -1 : this.classIndex.find1(labelBuf, ls, le);
    if (c < 0) {
      this.flush();
      this.setLabel(0, labelBuf, ls, le); // throws this row's label error
      return;
    }
    const b = this.batch;
    if (b.n === 0 && this.inOrder) {
      const col = this.key.idColumns[0];
      const r = this.expect;
      if (r < this.key.n && sliceEquals(buf, s, e, col.bytes, col.offsets[r], col.offsets[r + 1])) {
        if (this.state[2 * r] !== 0) throw this.duplicate(utf8.decode(buf.subarray(s, e)), r);
        this.claim(r);
        this.state[2 * r + 1] = c;
        return;
      }
    }
    b.add(buf, s, e, c, this.row, this.line);
    if (b.n === BATCH) this.flush();
  }

  /** Resolves queued rows in file order; must run before finish() and before any later row's error. */
  flush(): void {
    const b = this.batch;
    if (b.n === 0) return;
    const row = this.row;
    const line = this.line;
    findBatch(keyRowIndex(this.key), b.arena, b.starts, b.ends, b.n, b.scratch, b.found);
    for (let i = 0; i < b.n; i++) {
      const r = b.found[i];
      if (r < 0 || this.state[2 * r] !== 0) {
        this.row = b.rows[i];
        this.line = b.lines[i];
        const id = utf8.decode(b.arena.subarray(b.starts[i], b.ends[i]));
        b.n = 0; // a second flush (from an outer error handler) must not replay claimed rows
        b.used = 0;
        throw r < 0 ? this.unknownId(id) : this.duplicate(id, r);
      }
      this.state[2 * r] = b.rows[i];
      this.state[2 * r + 1] = b.classes[i];
      this.count++;
    }
    const last = b.found[b.n - 1];
    this.inOrder = b.n > 1 && b.found[b.n - 2] + 1 === last;
    this.expect = last + 1;
    this.row = row;
    this.line = line;
    b.n = 0;
    b.used = 0;
  }

  /** Class label given as text (CSV, or Parquet strings). */
  setLabel(r: number, buf: Uint8Array, s: number, e: number): void {
    if (e === s) throw badFile('empty_label', `${this.at()}: the label is empty`);
    const c = this.classIndex.find1(buf, s, e);
    if (c < 0) {
      const classes = this.key.classes;
      const list = classes.slice(0, 10).map((x) => show(x)).join(', ') + (classes.length > 10 ? `, … (${classes.length} classes)` : '');
      throw badFile('unknown_label', `${this.at()}: label ${show(utf8.decode(buf.subarray(s, e)))} is not one of the classes: ${list}`);
    }
    this.state[2 * r + 1] = c;
  }

  /** Probability of class j (class order) for the current row; call finishProbabilities after all k. */
  setProbability(j: number, p: number, src: Uint8Array | null, s: number, e: number): void {
    if (p >= 0 && p <= 1) {
      this.probs[j] = p;
      return;
    }
    const text = () => textOf(p, src, s, e);
    if (Number.isNaN(p)) {
      const t = text();
      if (INFINITE.test(t)) throw badFile('not_finite', `${this.at()}: probability for class ${show(this.key.classes[j])} is ${show(t)}; probabilities must be finite`);
      throw badFile(t === '' ? 'empty_value' : 'not_a_number', `${this.at()}: probability for class ${show(this.key.classes[j])} is ${show(t)}, not a number`);
    }
    if (!Number.isFinite(p)) throw badFile('not_finite', `${this.at()}: probability for class ${show(this.key.classes[j])} is ${show(text())}; probabilities must be finite`);
    throw badFile('probability_range', `${this.at()}: probability for class ${show(this.key.classes[j])} is ${show(text())}; probabilities must be between 0 and 1`);
  }

  finishProbabilities(r: number): void {
    const k = this.probs.length;
    let sum = 0;
    let best = 0;
    for (let j = 0; j < k; j++) {
      sum += this.probs[j];
      if (this.probs[j] > this.probs[best]) best = j; // first maximum wins, as numpy.argmax
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw badFile('probability_sum', `${this.at()}: the probabilities sum to ${sum}; each row must sum to 1 (within ${SUM_TOLERANCE})`);
    }
    this.state[2 * r + 1] = best;
    this.losses![r] = rowLogLoss(this.probs, 0, k, this.key.truth[r]);
  }

  setMatchLabel(r: number, v: number, src: Uint8Array | null, s: number, e: number): void {
    if (v !== 0 && v !== 1) {
      const t = textOf(v, src, s, e);
      if (t === '') throw badFile('empty_label', `${this.at()}: the label is empty`);
      throw badFile('label_not_binary', `${this.at()}: label ${show(t)} is not 0 or 1`);
    }
    this.state[2 * r + 1] = v;
  }

  setScore(r: number, v: number, src: Uint8Array | null, s: number, e: number): void {
    if (Number.isFinite(v)) {
      this.scores![r] = v;
      return;
    }
    const text = () => textOf(v, src, s, e);
    if (Number.isNaN(v)) {
      const t = text();
      if (INFINITE.test(t)) throw badFile('not_finite', `${this.at()}: score ${show(t)} is not finite`);
      throw badFile(t === '' ? 'empty_value' : 'not_a_number', `${this.at()}: score ${show(t)} is not a number`);
    }
    throw badFile('not_finite', `${this.at()}: score ${show(text())} is not finite`);
  }

  /** Predicted class (or 0/1) per key row. */
  predictions(): Int32Array {
    const out = new Int32Array(this.key.n);
    for (let r = 0; r < out.length; r++) out[r] = this.state[2 * r + 1];
    return out;
  }

  /** After the last row: every test id must have had a row. */
  finish(): void {
    this.flush();
    if (this.count === this.key.n) return;
    const what = this.key.kind === 'matching' ? 'test pairs' : 'test ids';
    if (this.count === 0) throw badFile('no_rows', `the file has a header but no rows; expected one row for each of the ${this.key.n} ${what}`);
    let first = 0;
    while (this.state[2 * first] !== 0) first++;
    const missing = this.key.n - this.count;
    throw badFile(
      'missing_id',
      `the file has ${this.count} rows but ${missing} of the ${this.key.n} ${what} ${missing === 1 ? 'has' : 'have'} no row; the first missing is ${show(keyIdText(this.key, first))} (test row ${first + 1})`,
    );
  }
}

/** The value as written: the CSV bytes when there are some, else the number (Parquet). */
function textOf(v: number, src: Uint8Array | null, s: number, e: number): string {
  return src ? utf8.decode(src.subarray(s, e)) : String(v);
}
