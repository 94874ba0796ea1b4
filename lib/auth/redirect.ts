/**
 * Where a sign-in may send the browser afterwards: a path on this site only.
 * `//other.host/…` and `/\other.host/…` are read by browsers as another host,
 * so anything but a single leading slash followed by a non-slash is refused.
 */
export function safeCallbackPath(raw: string | null | undefined, baseUrl?: string): string {
  if (!raw) return '/';
  let value = raw.trim();
  // next-auth hands full URLs on our own origin; keep their path.
  if (baseUrl && /^https?:\/\//i.test(value)) {
    try {
      const u = new URL(value);
      if (u.origin !== new URL(baseUrl).origin) return '/';
      value = u.pathname + u.search + u.hash;
    } catch {
      return '/';
    }
  }
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (tab, newline) are stripped by URL parsers and could re-form `//`.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  return value;
}
