/**
 * Decimal text → float64 straight from bytes, exactly as parseFloat would round it.
 * Fast path (Clinger): an integer mantissa below 2^53 scaled by an exact power of ten
 * up to 10^22 is one correctly rounded operation. Anything longer falls back to
 * parseFloat on the text. Returns NaN for anything that is not a plain decimal
 * (including "nan", "inf", "" and surrounding spaces), which the caller reports.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (buf[i] === 0x2d || buf[i] === 0x2b)) neg = buf[i++] === 0x2d;
  let mant = 0;
  let digits = 0;
  let sig = 0;
  let scale = 0;
  let c = 0;
  while (i < e && (c = buf[i] - 0x30) >= 0 && c <= 9) {
    if (sig > 0 || c > 0) sig++;
    mant = mant * 10 + c;
    digits++;
    i++;
  }
  if (i < e && buf[i] === 0x2e) {
    i++;
    while (i < e && (c = buf[i] - 0x30) >= 0 && c <= 9) {
      if (sig > 0 || c > 0) sig++;
      mant = mant * 10 + c;
      scale--;
      digits++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  if (i < e && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let expNeg = false;
    if (i < e && (buf[i] === 0x2d || buf[i] === 0x2b)) expNeg = buf[i++] === 0x2d;
    let exp = 0;
    let expDigits = 0;
    while (i < e && (c = buf[i] - 0x30) >= 0 && c <= 9) {
      exp = Math.min(exp * 10 + c, 100000);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NaN;
    scale += expNeg ? -exp : exp;
  }
  if (i !== e) return NaN;
  if (sig <= 15 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
    return neg ? -v : v;
  }
  let text = '';
  for (let t = s; t < e; t++) text += String.fromCharCode(buf[t]);
  return parseFloat(text);
}
