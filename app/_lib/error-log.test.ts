import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse } from './api';

describe('an unexpected error in an API route', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is answered 500 without details and logged with time, request id, path and caller', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const req = new Request('http://localhost/api/v1/challenges/c/tasks/t?token=secret-value', { headers: { 'x-request-id': 'req-42' } });
    const res = errorResponse(new Error('connection reset'), { req, callerId: 'user-7' });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('connection reset');
    const line = lines.join('');
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR api: unexpected error in API route requestId=req-42 path=\/api\/v1\/challenges\/c\/tasks\/t caller=user-7\n  Error: connection reset/);
    expect(line).not.toContain('secret-value');
  });
});
