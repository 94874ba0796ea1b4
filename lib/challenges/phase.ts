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

/**
 * The private board's state in one sentence that is true in every state: a manual
 * reveal never claims it will also reveal at the end, and a held reveal after the end
 * never claims it is still to come. Times are returned for the page to format.
 */
export function revealStatus(
  c: { endAt: Date; privateRevealedAt: Date | null; autoReveal: boolean },
  now: Date = new Date(),
): { revealed: boolean; sentence: string; at: Date | null } {
  if (c.privateRevealedAt && c.privateRevealedAt <= now) {
    return { revealed: true, sentence: 'Revealed to everyone, by hand, at', at: c.privateRevealedAt };
  }
  if (c.autoReveal && now >= c.endAt) return { revealed: true, sentence: 'Revealed to everyone automatically at the end,', at: c.endAt };
  if (c.autoReveal) return { revealed: false, sentence: 'Hidden from participants; reveals automatically at the end,', at: c.endAt };
  if (now >= c.endAt) return { revealed: false, sentence: 'Hidden from participants: the automatic reveal is held (the challenge ended at', at: c.endAt };
  return { revealed: false, sentence: 'Hidden from participants; the automatic reveal at the end is held, so it stays hidden until revealed by hand (end:', at: c.endAt };
}

/** The participants' sentence about the private boards (organizers see them before the reveal, and are told so). */
export function privateBoardSentence(
  c: { endAt: Date; privateRevealedAt: Date | null; autoReveal: boolean },
  { organizer, now = new Date() }: { organizer: boolean; now?: Date },
): string {
  const s = revealStatus(c, now);
  if (s.revealed) return 'The private (final) boards are revealed.';
  const when = c.autoReveal ? 'The private (final) boards are revealed when the challenge ends.' : 'The private (final) boards stay hidden until the organizers reveal them.';
  return organizer ? `${when} As an organizer you see them already.` : when;
}
