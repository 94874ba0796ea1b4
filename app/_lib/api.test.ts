/**
 * The one API wrapper refuses cross-origin cookie requests (CSRF), answers a control
 * character in a path segment with 400, and names machine faults with 503 + Retry-After.
 */
import { describe, expect, it } from 'vitest';
import { apiRoute, errorResponse } from './api';

const ok = apiRoute<{ name: string }>(async () => {
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
});
const call = (init: RequestInit & { headers?: Record<string, string> }, params: Record<string, string> = { name: 'train.csv' }) =>
  ok(new Request('http://localhost:3000/api/v1/x', init), { params: Promise.resolve(params) as Promise<{ name: string }> });

describe('apiRoute', () => {
  it('refuses a cookie-carrying POST from another origin, even another port of the same host', async () => {
    for (const headers of <Record<string, string>[]>[
      { host: 'localhost:3000', origin: 'http://localhost:4000', cookie: 'next-auth.session-token=x' },
      { host: 'localhost:3000', 'sec-fetch-site': 'same-site', cookie: 'next-auth.session-token=x' },
      { host: 'localhost:3000', 'sec-fetch-site': 'cross-site' },
      { host: 'localhost:3000', origin: 'null' },
    ]) {
      const r = await call({ method: 'POST', headers });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect((await r.json()).error.code).toBe('forbidden:cross_origin');
    }
  });

  it('names an unreachable database or a full disk: 503 with Retry-After and a plain message', async () => {
    const down = errorResponse(Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect((await down.json()).error).toMatchObject({ code: 'unavailable:database_unreachable', message: expect.stringMatching(/database is not answering/) });
    const full = errorResponse(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    expect(full.status).toBe(503);
    expect((await full.json()).error.message).toMatch(/disk is full/);
    expect(errorResponse(new Error('a bug')).status).toBe(500);
  });

  it('answers 400 to a NUL byte in a path segment, before any query', async () => {
    const r = await call({ method: 'GET' }, { name: 'train\u0000.csv' });
    expect(r.status).toBe(400);
    expect((await r.json()).error.code).toBe('bad_request:path');
  });
});
