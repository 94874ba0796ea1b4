/**
 * podium's web server: Next.js's request handler inside a plain node:http
 * server, started by scripts/start.ts once the database is ready. Wrapping
 * the handler gives what `next start` does not: one log line per request
 * (method, path, status, duration, request id), `HOST` as the bind address,
 * and a shutdown that lets requests in flight finish (and the embedded worker
 * its job) before the process exits.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import next from 'next';
import { config } from '@/lib/config';
import { logger } from '@/lib/log';
import { BoardPageCache } from '@/lib/leaderboard/page-cache';
import { watchParent } from './parent';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

type Runtime = { __podiumWorkerStop?: AbortController; __podiumWorkerDone?: Promise<unknown>; __podiumDb?: Promise<{ close(): Promise<void> }> };

async function main() {
  const cfg = config();
  const log = logger('web');
  const httpLog = logger('http');
  const app = next({ dev: false, dir: process.cwd(), hostname: cfg.HOST ?? 'localhost', port: cfg.PORT });
  const handle = app.getRequestHandler();
  await app.prepare(); // runs instrumentation.ts: migrations, the embedded worker

  const boardPages = new BoardPageCache();
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    req.headers['x-request-id'] = requestId; // route handlers read it to tag their error lines
    res.setHeader('X-Request-Id', requestId);
    inFlight++;
    res.once('close', () => {
      inFlight--;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path without its query: a query string can carry tokens.
      const path = (req.url ?? '/').split('?')[0];
      const fields = { method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, requestId };
      if (!res.writableFinished) httpLog.warn({ ...fields, aborted: true }, 'request');
      else httpLog.info(fields, 'request');
      if (inFlight === 0) drained?.();
    });
    if (shuttingDown) res.setHeader('Connection', 'close');
    const serve = (rq: http.IncomingMessage, rs: http.ServerResponse) =>
      handle(rq, rs).catch((e: unknown) => {
        log.error({ err: e, requestId, path: rq.url?.split('?')[0] }, 'unhandled error');
        if (!rs.headersSent) {
          rs.statusCode = 500;
          rs.end('Internal Server Error');
        }
      });
    // Anonymous board pages come from the page cache once Next.js has rendered them for this board version.
    boardPages.handle(req, res, serve).then(
      (handled) => {
        if (!handled) void serve(req, res);
      },
      (e: unknown) => {
        // The stamp could not be read (the database is down): Next.js answers, with its own error page.
        log.warn({ err: e, requestId }, 'board page cache unavailable');
        if (!res.headersSent) void serve(req, res);
      },
    );
  });

  let shuttingDown = false;
  async function shutdown(sig: string) {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal: sig, inFlight }, 'stopping: no new connections; finishing the requests in flight');
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    const allDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => (drained = r));
    const grace = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), cfg.SHUTDOWN_GRACE_SECONDS * 1000).unref());
    if ((await Promise.race([allDone, grace])) === 'timeout') {
      log.warn({ inFlight }, `closing the connections still open after ${cfg.SHUTDOWN_GRACE_SECONDS} s (SHUTDOWN_GRACE_SECONDS)`);
      server.closeAllConnections();
    }
    await closed;
    // The embedded worker (lib/runtime.ts) stops claiming on the same signal and finishes the job in hand.
    const rt = globalThis as unknown as Runtime;
    rt.__podiumWorkerStop?.abort();
    await rt.__podiumWorkerDone;
    const db = await rt.__podiumDb?.catch(() => undefined);
    await db?.close().catch(() => {});
    log.info('stopped');
    process.exit(0);
  }
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => void shutdown(sig));
  watchParent(() => void shutdown('parent exited'));

  server.listen(cfg.PORT, cfg.HOST, () => {
    const shown = cfg.HOST && cfg.HOST !== '0.0.0.0' && cfg.HOST !== '::' ? cfg.HOST : 'localhost';
    log.info(
      `serving on http://${shown}:${cfg.PORT}${cfg.HOST ? ` (bound to ${cfg.HOST})` : ''} with ${cfg.mode === 'embedded' ? `embedded PGlite in ${cfg.dataDir}` : 'PostgreSQL'}`,
    );
  });
}

main().catch((e) => {
  logger('web').fatal({ err: e }, e instanceof Error ? e.message : String(e));
  process.exit(1);
});
