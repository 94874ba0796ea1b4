import { describe, expect, it } from 'vitest';
import { StampPoller } from './stamp-poller';

describe('StampPoller (AutoRefresh on board pages)', () => {
  const setup = (initial: string | null, answers: (string | Error)[]) => {
    const changes: string[] = [];
    let calls = 0;
    const p = new StampPoller({
      initial,
      fetchStamp: async () => {
        const a = answers[Math.min(calls++, answers.length - 1)];
        if (a instanceof Error) throw a;
        return a;
      },
      onChange: (s) => changes.push(s),
    });
    return { p, changes, calls: () => calls };
  };

  it('does not refresh while the stamp stays the one the page was rendered with', async () => {
    const { p, changes, calls } = setup('c:1:hidden:live', ['c:1:hidden:live']);
    for (let i = 0; i < 10; i++) expect(await p.tick()).toBe(false);
    expect(calls()).toBe(10);
    expect(changes).toEqual([]);
  });

  it('refreshes once when the stamp moves, then not again until it moves again', async () => {
    const { p, changes } = setup('v1', ['v1', 'v2', 'v2', 'v2', 'v3']);
    const moved = [];
    for (let i = 0; i < 5; i++) moved.push(await p.tick());
    expect(moved).toEqual([false, true, false, false, true]);
    expect(changes).toEqual(['v2', 'v3']);
  });

  it('ignores failed polls, and compares with the stamp a refreshed page shows', async () => {
    const { p, changes } = setup('v1', [new Error('offline'), 'v1', 'v3', 'v3']);
    expect(await p.tick()).toBe(false);
    expect(await p.tick()).toBe(false);
    p.showing('v3'); // a refresh brought a page rendered at v3 already
    expect(await p.tick()).toBe(false);
    expect(changes).toEqual([]);
  });

  it('never runs two polls at once (a slow answer is not overtaken by the next tick)', async () => {
    let release!: (s: string) => void;
    const changes: string[] = [];
    const p = new StampPoller({ initial: 'v1', fetchStamp: () => new Promise<string>((r) => (release = r)), onChange: (s) => changes.push(s) });
    const first = p.tick();
    expect(await p.tick()).toBe(false);
    release('v2');
    expect(await first).toBe(true);
    expect(changes).toEqual(['v2']);
  });
});
