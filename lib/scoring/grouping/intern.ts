/**
 * Byte strings → dense indices (first appearance order), without a JS string per row:
 * the values are copied into one growing byte arena and found again through an
 * open-addressing table of (index, hash) pairs. Grouping uses it for the group labels
 * a participant chose, open matching for pairs of record indices (PairSet below).
 */
import { finishHash, hashBytes, sliceEquals } from '../byte-hash';

export class ByteInterner {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private offsets = new Int32Array(1 << 12);
  private table: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.table = new Int32Array(cap * 2).fill(-1);
    this.mask = cap - 1;
  }

  /** The index of buf[s, e), adding it when new. */
  intern(buf: Uint8Array, s: number, e: number): number {
    const h = finishHash(hashBytes(buf, s, e)) | 0;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const id = table[slot * 2];
      if (id === -1) break;
      if (table[slot * 2 + 1] === h && sliceEquals(buf, s, e, this.arena, this.offsets[id], this.offsets[id + 1])) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    this.store(buf, s, e, id);
    table[slot * 2] = id;
    table[slot * 2 + 1] = h;
    if (this.size * 2 > mask + 1) this.rehash();
    return id;
  }

  private store(buf: Uint8Array, s: number, e: number, id: number): void {
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    if (id + 2 > this.offsets.length) {
      const bigger = new Int32Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.arena.set(buf.subarray(s, e), this.used);
    this.offsets[id] = this.used;
    this.used += len;
    this.offsets[id + 1] = this.used;
  }

  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    const table = new Int32Array(cap * 2).fill(-1);
    const mask = cap - 1;
    const old = this.table;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === -1) continue;
      let slot = old[i + 1] & mask;
      while (table[slot * 2] !== -1) slot = (slot + 1) & mask;
      table[slot * 2] = old[i];
      table[slot * 2 + 1] = old[i + 1];
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * A set of integer pairs (a, b) with a value per pair (open matching: the submission row
 * that first gave it). Slots are three int32s: a (-1 = empty), b, value.
 */
export class PairSet {
  private table: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.table = new Int32Array(cap * 3).fill(-1);
    this.mask = cap - 1;
  }

  private static hash(a: number, b: number): number {
    return finishHash(Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) | 0;
  }

  /** The value stored for (a, b), or -1 after storing `value` for it. */
  getOrSet(a: number, b: number, value: number): number {
    const table = this.table;
    let slot = PairSet.hash(a, b) & this.mask;
    for (;;) {
      const at = slot * 3;
      if (table[at] === -1) {
        table[at] = a;
        table[at + 1] = b;
        table[at + 2] = value;
        if (++this.size * 2 > this.mask + 1) this.rehash();
        return -1;
      }
      if (table[at] === a && table[at + 1] === b) return table[at + 2];
      slot = (slot + 1) & this.mask;
    }
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const table = this.table;
    let slot = PairSet.hash(a, b) & this.mask;
    for (;;) {
      const at = slot * 3;
      if (table[at] === -1) return -1;
      if (table[at] === a && table[at + 1] === b) return table[at + 2];
      slot = (slot + 1) & this.mask;
    }
  }

  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    const table = new Int32Array(cap * 3).fill(-1);
    const mask = cap - 1;
    const old = this.table;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] === -1) continue;
      let slot = PairSet.hash(old[i], old[i + 1]) & mask;
      while (table[slot * 3] !== -1) slot = (slot + 1) & mask;
      table.set(old.subarray(i, i + 3), slot * 3);
    }
    this.table = table;
    this.mask = mask;
  }
}
