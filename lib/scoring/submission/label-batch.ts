/**
 * Rows of an `id,label` file waiting for their id lookup, so lookups can run a batch
 * at a time (see findBatch in byte-hash.ts).
 */
export const BATCH = 256;

/** Rows waiting for their id lookup: id bytes copied out (the source chunk may be gone by flush time). */
export class LabelBatch {
  n = 0;
  used = 0;
  arena = new Uint8Array(BATCH * 32);
  readonly starts = new Int32Array(BATCH);
  readonly ends = new Int32Array(BATCH);
  readonly classes = new Int32Array(BATCH);
  readonly rows = new Int32Array(BATCH);
  readonly lines = new Int32Array(BATCH);
  readonly scratch = new Int32Array(BATCH);
  readonly found = new Int32Array(BATCH);

  add(buf: Uint8Array, s: number, e: number, c: number, row: number, line: number): void {
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(s, e), this.used);
    const i = this.n++;
    this.starts[i] = this.used;
    this.ends[i] = this.used + len;
    this.used += len;
    this.classes[i] = c;
    this.rows[i] = row;
    this.lines[i] = line;
  }
}
