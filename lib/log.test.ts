import { describe, expect, it } from 'vitest';
import { prettyLine } from './log';

describe('readable log lines', () => {
  it('puts time, level, part and message first, then the fields, then the stack', () => {
    const json = JSON.stringify({ level: 50, time: Date.UTC(2026, 11, 1, 10), pid: 1, name: 'api', msg: 'unexpected error', requestId: 'r-1', path: '/api/v1/x', caller: 'u 1', err: { message: 'boom', stack: 'Error: boom\n    at f' } });
    expect(prettyLine(json)).toBe('2026-12-01T10:00:00.000Z ERROR api: unexpected error requestId=r-1 path=/api/v1/x caller="u 1"\n  Error: boom\n      at f\n');
  });
});
