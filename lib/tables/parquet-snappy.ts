/**
 * Snappy pages for the fast Parquet decoders (parquet-byte-columns.ts): inflated by hysnappy
 * (WebAssembly, ~3× hyparquet's JavaScript on the peer's pages; lib/scoring/README.md has the
 * measurement), and by hyparquet's own `snappyUncompress` whenever the wasm one declines, so a
 * page decodes here exactly when hyparquet would decode it (parquet-snappy.test.ts).
 */
import { snappyUncompress } from 'hyparquet';
import { snappyUncompressor } from 'hysnappy';

let wasm: ((input: Uint8Array, size: number) => Uint8Array) | null | undefined;

/** A snappy page of `size` bytes, or null where hyparquet's decoder would throw (parquet-snappy.test.ts). */
export function inflateSnappy(stored: Uint8Array, size: number): Uint8Array | null {
  if (wasm === undefined) {
    try {
      wasm = snappyUncompressor();
    } catch {
      wasm = null; // no WebAssembly here: hyparquet's JavaScript inflates every page
    }
  }
  // hysnappy trusts the stream's own length, so it is asked only when that is the page's;
  // a stream it refuses goes to hyparquet's decoder, which decides as it always did.
  if (wasm && lengthHeader(stored) === size) {
    try {
      return wasm(stored, size);
    } catch {
      // below
    }
  }
  const page = new Uint8Array(size);
  try {
    snappyUncompress(stored, page);
  } catch {
    return null;
  }
  return page;
}

/** The uncompressed length a snappy stream starts with (a varint), or -1. */
function lengthHeader(stored: Uint8Array): number {
  let v = 0;
  for (let i = 0, shift = 1; i < 5 && i < stored.length; i++, shift *= 128) {
    v += (stored[i] & 0x7f) * shift;
    if (stored[i] < 0x80) return v;
  }
  return -1;
}
