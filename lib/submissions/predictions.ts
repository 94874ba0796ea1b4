/**
 * Per-row predictions kept for resampling: one byte per row when the classes
 * fit (k ≤ 256, and always for matching), else four. A one-byte header says which.
 */
export function encodePredictions(pred: Int32Array): Uint8Array {
  let max = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] > max) max = pred[i];
  if (max < 256) {
    const out = new Uint8Array(pred.length + 1);
    out[0] = 1;
    out.set(pred, 1);
    return out;
  }
  const out = new Uint8Array(pred.length * 4 + 1);
  out[0] = 4;
  out.set(new Uint8Array(pred.buffer, pred.byteOffset, pred.byteLength), 1);
  return out;
}

export function decodePredictions(bytes: Uint8Array): Int32Array {
  if (bytes[0] === 1) return Int32Array.from(bytes.subarray(1));
  if (bytes[0] === 4) return new Int32Array(bytes.slice(1).buffer);
  throw new Error('predictions blob: unknown width');
}
