/**
 * Class order is the order scikit-learn gives a set of string labels: numpy sorts
 * unicode strings by code point. Comparing UTF-8 bytes gives exactly code-point order
 * (JS's default sort compares UTF-16 units, which differs above U+FFFF). Labels stay
 * strings even when they look like numbers, so "10" sorts before "9" — as numpy does
 * for an array of str.
 */
const enc = new TextEncoder();

export function compareCodePoints(a: string, b: string): number {
  const x = enc.encode(a);
  const y = enc.encode(b);
  const len = Math.min(x.length, y.length);
  for (let i = 0; i < len; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

export function sortClasses(classes: Iterable<string>): string[] {
  return [...new Set(classes)].sort(compareCodePoints);
}
