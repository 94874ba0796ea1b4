import { describe, expect, it } from 'vitest';
import { Random } from './random';

const draw = (rng: Random) => Array.from({ length: 5 }, () => rng.next());

describe('Random', () => {
  it('repeats its stream for a seed and differs across seeds and forks', () => {
    expect(draw(new Random(7))).toEqual(draw(new Random(7)));
    expect(draw(new Random(7))).not.toEqual(draw(new Random(8)));
    const root = new Random(7);
    expect(draw(root.fork('a'))).not.toEqual(draw(root.fork('a')));
    expect(draw(new Random(7).fork('a'))).toEqual(draw(new Random(7).fork('a')));
  });

  it('stays inside the asked ranges and follows the weights', () => {
    const rng = new Random('ranges');
    const ints = Array.from({ length: 2000 }, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    const picks = Array.from({ length: 10000 }, () => rng.weighted(['a', 'b'], [0.9, 0.1]));
    const share = picks.filter((p) => p === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.88);
    expect(share).toBeLessThan(0.92);
    const normals = Array.from({ length: 10000 }, () => rng.normal(10, 2));
    const mean = normals.reduce((s, v) => s + v, 0) / normals.length;
    expect(Math.abs(mean - 10)).toBeLessThan(0.1);
  });
});
