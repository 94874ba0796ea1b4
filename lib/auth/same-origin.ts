/**
 * CSRF: the session cookie is sent on requests from any page of the same *site*
 * (another port of localhost, a sibling subdomain), so a state-changing request that
 * relies on the cookie must come from the site's own *origin*. Browsers say where a
 * request comes from in `Sec-Fetch-Site` and `Origin`; either one naming another origin
 * is refused. Requests with neither (curl, the CLI) are not from a browser page, and
 * bearer-token requests carry no ambient credential, so both pass.
 */
import { PodiumError } from '@/lib/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function crossOriginProblem({ method, headers, siteUrl }: { method: string; headers: Headers; siteUrl?: string }): string | undefined {
  if (SAFE.has(method.toUpperCase())) return undefined;
  if (headers.get('authorization')) return undefined;
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return `the browser says it comes from a ${fetchSite} page`;
  const origin = headers.get('origin');
  if (!origin) return undefined;
  if (origin === 'null') return 'it comes from an opaque origin';
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return 'its Origin header is not a URL';
  }
  const expected = siteUrl ? new URL(siteUrl).host : headers.get('x-forwarded-host') ?? headers.get('host');
  if (!expected || from.host !== expected) return `it comes from ${from.origin}`;
  return undefined;
}

export function assertSameOrigin(args: { method: string; headers: Headers; siteUrl?: string }): void {
  const problem = crossOriginProblem(args);
  if (problem) {
    throw new PodiumError('forbidden:cross_origin', `Refused: a request that changes something must come from this site's own pages, and ${problem}.`);
  }
}
