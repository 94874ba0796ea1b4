import { describe, expect, it } from 'vitest';
import { TtlCache } from './board-cache';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TtlCache', () => {
  it('computes once per ttl, shares concurrent misses, serves the stale value while refreshing', async () => {
    let now = 0;
    let calls = 0;
    const cache = new TtlCache(1000, 10, () => now);
    const compute = async () => ++calls;
    expect(await Promise.all([cache.get('a', compute), cache.get('a', compute)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('a', compute)).toBe(1);
    now = 1000;
    // stale: the old value comes back at once, one refresh runs
    expect(await Promise.all([cache.get('a', compute), cache.get('a', compute)])).toEqual([1, 1]);
    await tick();
    expect(calls).toBe(2);
    expect(await cache.get('a', compute)).toBe(2);
    // unread for longer than maxStale (3 × ttl): the reader waits for a fresh value
    now = 1000 + 3000;
    expect(await cache.get('a', compute)).toBe(3);
  });

  it('forgets failures, keeps the stale value when a refresh fails, is bounded, and clears', async () => {
    let now = 0;
    let calls = 0;
    const cache = new TtlCache(1000, 2, () => now);
    const compute = async () => ++calls;
    await expect(cache.get('b', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('b', compute)).toBe(1);
    now = 2000;
    expect(await cache.get('b', () => Promise.reject(new Error('db down')))).toBe(1);
    await tick();
    expect(await cache.get('b', compute)).toBe(1); // the refresh failed: stale again, a new refresh starts
    await tick();
    expect(await cache.get('b', compute)).toBe(2);
    await cache.get('c', compute);
    await cache.get('d', compute);
    expect(await cache.get('b', compute)).toBe(5); // evicted by c and d
    cache.clear();
    expect(await cache.get('c', compute)).toBe(6);
  });
});

describe('TtlCache under load', () => {
  it('never runs two computations of one key at once, even past maxStale', async () => {
    let now = 0;
    let running = 0;
    let most = 0;
    let calls = 0;
    const cache = new TtlCache(1000, 10, () => now);
    const slow = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return ++calls;
    };
    expect(await cache.get('k', slow)).toBe(1);
    now = 10_000; // long quiet spell: readers wait, and share one computation
    expect(await Promise.all(Array.from({ length: 20 }, () => cache.get('k', slow)))).toEqual(Array(20).fill(2));
    expect(most).toBe(1);
    expect(calls).toBe(2);
  });
});
