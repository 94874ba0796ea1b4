/** Where a challenge stands in its schedule at a given instant. */
export type Phase = 'upcoming' | 'running' | 'ended';

export function challengePhase(c: { startAt: Date; endAt: Date }, now: Date = new Date()): Phase {
  if (now < c.startAt) return 'upcoming';
  if (now < c.endAt) return 'running';
  return 'ended';
}

/** The private board is visible once revealed by hand, or automatically at the end time. */
export function privateRevealed(
  c: { endAt: Date; privateRevealedAt: Date | null; autoReveal: boolean },
  now: Date = new Date(),
): boolean {
  if (c.privateRevealedAt && c.privateRevealedAt <= now) return true;
  return c.autoReveal && now >= c.endAt;
}
