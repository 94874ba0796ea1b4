/**
 * The CLI's side of the HTTP API: which site, which token, one request helper
 * that turns `{error: {code, message}}` answers into PodiumErrors the
 * dispatcher prints. Uses node:http so an upload body can be written piece by
 * piece with a known length and a callback per piece sent (fetch hides both).
 */
import http from 'node:http';
import https from 'node:https';
import type { Writable } from 'node:stream';
import { isPodiumError, PodiumError, type ErrorKind } from '@/lib/errors';

export type ApiEnv = { url: string; token: string | undefined };

export function apiEnv(): ApiEnv {
  // These are the CLI's client settings (which site to call, as whom), not the server's configuration.
  // eslint-disable-next-line no-restricted-syntax
  const env = process.env;
  return { url: (env.PODIUM_URL || 'http://localhost:3000').replace(/\/+$/, ''), token: env.PODIUM_TOKEN || undefined };
}

export function requireToken(env: ApiEnv): string {
  if (env.token) return env.token;
  throw new PodiumError(
    'unauthorized:no_token',
    `PODIUM_TOKEN is not set. Create a token on the account page (${env.url}/account), then run: export PODIUM_TOKEN=<token>`,
  );
}

export type RequestBody = { length: number; contentType: string; pump: (out: Writable) => Promise<void> };

export type ApiRequest = {
  env: ApiEnv;
  method: 'GET' | 'POST';
  path: string;
  /** A body of exactly `length` bytes that `pump` writes into the request (the request is ended after it). */
  body?: RequestBody;
};

/** Sends one request with the bearer token and answers the parsed JSON of a 2xx; anything else throws. */
export async function apiRequest<T = Record<string, unknown>>(req: ApiRequest): Promise<{ status: number; json: T }> {
  const token = requireToken(req.env);
  const url = new URL(`${req.env.url}${req.path}`);
  const headers: Record<string, string | number> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (req.body) {
    headers['Content-Type'] = req.body.contentType;
    headers['Content-Length'] = req.body.length;
  }
  const { status, text } = await send(url, req.method, headers, req.body);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (status >= 200 && status < 300 && json !== undefined) return { status, json: json as T };
  throw errorFromAnswer(status, json, text, url);
}

function send(url: URL, method: string, headers: Record<string, string | number>, body?: RequestBody): Promise<{ status: number; text: string }> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = lib.request(url, { method, headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (isPodiumError(e)) return reject(e);
      const why = e.code === 'ECONNREFUSED' ? `nothing answers at ${url.origin}; is the site running, and is PODIUM_URL right?` : e.message;
      reject(new PodiumError('internal:network', `${method} ${url.href} failed: ${why}`));
    });
    if (!body) {
      req.end();
      return;
    }
    // A server may answer (401, 413…) before reading the whole body; that answer wins over the broken pipe.
    body.pump(req).then(
      () => req.end(),
      (e: unknown) => {
        if (!answered) req.destroy(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function errorFromAnswer(status: number, json: unknown, text: string, url: URL): PodiumError {
  const err = (json as { error?: { code?: unknown; message?: unknown; resetAt?: unknown } } | undefined)?.error;
  if (!err || typeof err.message !== 'string') {
    const kind: ErrorKind = status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : 'internal';
    const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    return new PodiumError(kind, `${url.href} answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
  }
  let message = err.message;
  if (status === 429 && typeof err.resetAt === 'string' && !message.includes(err.resetAt)) {
    message += ` The limit resets at ${err.resetAt}.`;
  }
  const code = typeof err.code === 'string' && err.code ? err.code : 'internal';
  return new PodiumError(code as ErrorKind, message, { status });
}
