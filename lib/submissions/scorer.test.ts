import { describe, expect, it } from 'vitest';
import { config } from '@/lib/config';
import { scoringLoops, scoringPool } from './scorer';

describe('worker loops per process', () => {
  it('the embedded site runs one loop more than it has scoring threads, so a thread has the next job while a loop writes a result', () => {
    expect(scoringLoops({ embedded: true })).toBe(scoringPool().options.threads + 1);
  });
  it('a worker process runs one loop unless SCORING_THREADS is set', () => {
    expect(scoringLoops({ embedded: false })).toBe(config().SCORING_THREADS ?? 1);
  });
});
