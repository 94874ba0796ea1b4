/**
 * Whole board pages, kept per board change and served to every viewer who is not an organizer. Next.js's own
 * page pipeline costs more per request than the target allows (its floor on this machine is measured beside the
 * boards in scripts/bench/leaderboard.ts), so on deadline day, when everyone refreshes the board, podium's server
 * (scripts/server.ts) answers a board page that Next.js rendered once for this board version, and only the first
 * viewer after a change waits for a render (the others who arrive meanwhile share it).
 *
 * What may be kept, and for whom:
 * - The shared page is always the one Next.js renders for nobody in particular: the request that renders it is
 *   handed over without its Cookie header, so it holds nothing but what every visitor may see. Participants see
 *   exactly that board (the viewing rules differ only for organizers: lib/challenges/viewing.ts), so anonymous
 *   visitors and signed-in participants get the same entry; the parts of the page that are one viewer's own (the
 *   account in the header, the own row, the disqualified notice, the own history) are filled in by the browser
 *   from GET /api/v1/challenges/{challenge}/me (lib/leaderboard/viewer-parts.ts), never kept here.
 * - Organizers, whose boards are live and include the private ones, are never answered from the cache and their
 *   pages are never kept: each of their requests goes to Next.js with its cookie. Whether a session is an
 *   organizer's is asked of the site's runtime (the same resolveCaller as every page), remembered per session
 *   token for `roleTtlMs`. Either stale answer is harmless: a participant just promoted still gets the shared
 *   page (which any visitor may see), an organizer just demoted is rendered by Next.js with the role read afresh.
 * - Requests with an Authorization header (API tokens) and other methods go to Next.js.
 * - Only the board paths (a task's board, a track's board, the challenge's list of boards), with no query but
 *   `board=` (and `_rsc`, Next's own cache buster for in-app navigations and refreshes); the response varies on
 *   the request headers Next.js names in `Vary`, and those are part of the key.
 * - The key holds the stamp (board-version.ts#getAnonymousBoardStamp): the challenge's board version, which
 *   triggers bump when any change to a board commits, and what a non-organizer may see at this instant (freeze,
 *   reveal, start), so a reveal at the deadline changes the key without any write. The stamp is read before the
 *   render, so a page is never kept under a newer stamp than its data.
 * - Only 200 answers without Set-Cookie. A page is also dropped after `maxAgeMs`, as a bound for any
 *   time-dependent text the stamp does not cover.
 *
 * This module runs inside podium's server, outside Next.js's bundles: it imports nothing of lib/ that
 * touches the database. The stamp and the role come from the site's runtime through
 * `globalThis.__podiumBoardPages` (lib/runtime.ts), which shares the site's database connection.
 */
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';

const BOARD_PATH = /^\/challenges\/([^/?#]+)\/(?:tasks\/[^/?#]+\/leaderboard|tracks\/[^/?#]+|leaderboard)$/;
const SESSION_COOKIE = /(?:^|;\s*)((?:__Secure-)?next-auth\.session-token(?:\.\d+)?)=([^;]*)/g;
/** The request headers a page answer varies on (Next.js's Vary, and the compression it applies). */
const VARY = ['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-url', 'accept-encoding'];

export interface BoardPagesRuntime {
  /** The stamp of a challenge's boards for an anonymous visitor, or null for an unknown slug. */
  stamp(slug: string): Promise<string | null>;
  /** Whether the session in this Cookie header is a (current) organizer's. */
  organizer(cookie: string): Promise<boolean>;
  /** The body of GET /api/v1/challenges/{slug}/me for the session in `cookie` (app/_lib/viewer-json.ts); throws what the route would answer. */
  me?(cookie: string | null, slug: string, query: Record<string, string>): Promise<string>;
}

/** The two small requests an open board page makes, answered here without Next.js's route pipeline. */
const BOARD_API = /^\/api\/v1\/challenges\/([^/?#]+)\/(me|board-version)$/;

type Stored = { key: string; at: number; status: number; headers: OutgoingHttpHeaders; body: Buffer };

export function runtimeHook(): BoardPagesRuntime | undefined {
  return (globalThis as { __podiumBoardPages?: BoardPagesRuntime }).__podiumBoardPages;
}

/** The cache key parts of a request, or null when the request is not one that may be served from the cache. */
export function cacheableRequest(req: { method?: string; url?: string; headers: IncomingMessage['headers'] }): { slug: string; vary: string; session: string | null } | null {
  if (req.method !== 'GET' || !req.url) return null;
  if (req.headers.authorization) return null;
  const q = req.url.indexOf('?');
  const pathname = q < 0 ? req.url : req.url.slice(0, q);
  const m = BOARD_PATH.exec(pathname);
  if (!m) return null;
  if (q >= 0) {
    for (const [name] of new URLSearchParams(req.url.slice(q + 1))) if (name !== 'board' && name !== '_rsc') return null;
  }
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]);
  } catch {
    return null;
  }
  const vary = VARY.map((h) => {
    const v = req.headers[h];
    return `${h}=${Array.isArray(v) ? v.join(',') : (v ?? '')}`;
  }).join('\n');
  return { slug, vary, session: sessionOf(req.headers.cookie) };
}

/** The session cookie(s) of a Cookie header, as one string (next-auth splits a large token into `.0`, `.1`…), or null. */
export function sessionOf(cookie: string | undefined): string | null {
  if (!cookie) return null;
  const found = [...cookie.matchAll(SESSION_COOKIE)].map((m) => `${m[1]}=${m[2]}`);
  return found.length ? found.join('; ') : null;
}

export class BoardPageCache {
  private pages = new Map<string, Stored>();
  private rendering = new Map<string, Promise<Stored | null>>();
  private roles = new Map<string, { organizer: boolean; at: number }>();
  hits = 0;
  misses = 0;

  constructor(
    private runtime: () => BoardPagesRuntime | undefined = runtimeHook,
    private maxEntries = 500,
    private maxAgeMs = 60_000,
    private clock: () => number = Date.now,
    private roleTtlMs = 10_000,
  ) {}

  /** Is this session an organizer's? Remembered per session for roleTtlMs (either stale answer is safe: see above). */
  private async organizer(runtime: BoardPagesRuntime, session: string): Promise<boolean> {
    const known = this.roles.get(session);
    if (known && this.clock() - known.at < this.roleTtlMs) return known.organizer;
    const organizer = await runtime.organizer(session);
    this.roles.delete(session);
    this.roles.set(session, { organizer, at: this.clock() });
    if (this.roles.size > 10_000) this.roles.delete(this.roles.keys().next().value!);
    return organizer;
  }

  /**
   * Answers the request from the cache, or lets `render` (Next.js's handler) answer it and keeps that
   * answer; true when the request was handled here, false when it is none of the cache's business
   * (the caller then hands it to Next.js itself).
   */
  async handle(req: IncomingMessage, res: ServerResponse, render: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<boolean> {
    if (req.url?.startsWith('/api/')) return this.boardApi(req, res);
    const parts = cacheableRequest(req);
    const runtime = parts && this.runtime();
    if (!parts || !runtime) return false;
    if (parts.session && (await this.organizer(runtime, parts.session))) return false;
    const stamp = await runtime.stamp(parts.slug);
    if (stamp === null) return false;
    const key = `${req.url}\n${parts.vary}\n${stamp}`;
    const slot = `${req.url}\n${parts.vary}`;
    // A render whose own client went away keeps nothing; then one of those who waited for it renders next,
    // and the rest wait for that one (never one render per waiting visitor, which under load would snowball).
    for (let attempt = 0; attempt < 3; attempt++) {
      const kept = this.pages.get(slot);
      if (kept && kept.key === key && this.clock() - kept.at < this.maxAgeMs) {
        this.hits++;
        send(res, kept);
        return true;
      }
      const pending = this.rendering.get(key);
      if (!pending) break;
      const page = await pending;
      if (page && !res.destroyed) {
        this.hits++;
        send(res, page);
        return true;
      }
    }
    if (res.destroyed) return true; // the visitor left while waiting
    this.misses++;
    const page = this.capture(req, res, render, key);
    this.rendering.set(key, page);
    try {
      const stored = await page;
      if (stored) {
        this.pages.delete(slot); // re-inserted last: the oldest pages are evicted first
        this.pages.set(slot, stored);
        if (this.pages.size > this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
      }
    } finally {
      this.rendering.delete(key);
    }
    return true;
  }

  /**
   * GET /api/v1/challenges/{c}/board-version and /me, answered from the runtime (the same functions as their route
   * handlers, which answer everything else: tokens, errors, a runtime not ready). Never cached: /me is per viewer.
   */
  private async boardApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const runtime = this.runtime();
    if (req.method !== 'GET' || req.headers.authorization || !runtime || !req.url) return false;
    const q = req.url.indexOf('?');
    const m = BOARD_API.exec(q < 0 ? req.url : req.url.slice(0, q));
    if (!m) return false;
    let slug: string;
    try {
      slug = decodeURIComponent(m[1]);
    } catch {
      return false;
    }
    if (/[\u0000-\u001f\u007f]/.test(slug)) return false;
    const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1)));
    let body: string;
    if (m[2] === 'board-version') {
      if (Object.keys(query).length) return false;
      const stamp = await runtime.stamp(slug);
      if (stamp === null) return false;
      body = JSON.stringify({ stamp });
    } else {
      if (!runtime.me) return false;
      try {
        body = await runtime.me(sessionOf(req.headers.cookie), slug, query);
      } catch {
        return false; // the route handler answers it, with the error's status and message
      }
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', m[2] === 'me' ? 'private, no-store' : 'no-store');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return true;
  }

  /** Runs `render` on the real response while keeping a copy of what it sends; the copy when it may be kept. */
  private capture(req: IncomingMessage, res: ServerResponse, render: (req: IncomingMessage, res: ServerResponse) => Promise<void>, key: string): Promise<Stored | null> {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
    };
    res.write = ((...a: unknown[]) => {
      keep(a[0], a[1]);
      return write(...a);
    }) as typeof res.write;
    res.end = ((...a: unknown[]) => {
      keep(a[0], a[1]);
      return end(...a);
    }) as typeof res.end;
    // The shared page is rendered for nobody in particular, whoever asked first.
    delete req.headers.cookie;
    return new Promise<Stored | null>((resolve) => {
      res.once('close', () => {
        const headers = { ...res.getHeaders() };
        delete headers['x-request-id']; // each answer carries its own request's id
        delete headers['transfer-encoding'];
        delete headers['content-length'];
        const ok = res.writableFinished && res.statusCode === 200 && !headers['set-cookie'];
        resolve(ok ? { key, at: this.clock(), status: res.statusCode, headers, body: Buffer.concat(chunks) } : null);
      });
      render(req, res).catch(() => resolve(null));
    });
  }

  clear() {
    this.pages.clear();
    this.roles.clear();
  }
}

function send(res: ServerResponse, page: Stored) {
  res.statusCode = page.status;
  for (const [name, value] of Object.entries(page.headers)) if (value !== undefined) res.setHeader(name, value);
  res.setHeader('Content-Length', page.body.length);
  res.end(page.body);
}
