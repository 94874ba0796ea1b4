/**
 * Who sees what on a board at a given instant. Organizers always see everything live.
 * Participants and visitors see the private board only once it is revealed, and while
 * the public board is frozen (and the private one not yet out) they see it as it stood
 * at the freeze.
 */
import { privateRevealed } from '@/lib/challenges/phase';

export interface BoardChallenge {
  endAt: Date;
  publicFrozenAt: Date | null;
  privateRevealedAt: Date | null;
  autoReveal: boolean;
}

export interface BoardVisibility {
  privateVisible: boolean;
  /** Public scores of submissions made after this instant are hidden; null shows everything. */
  publicCutoff: Date | null;
}

export function boardVisibility({ challenge, organizer, now }: { challenge: BoardChallenge; organizer: boolean; now: Date }): BoardVisibility {
  if (organizer) return { privateVisible: true, publicCutoff: null };
  const revealed = privateRevealed(challenge, now);
  const frozen = challenge.publicFrozenAt !== null && challenge.publicFrozenAt <= now && !revealed;
  return { privateVisible: revealed, publicCutoff: frozen ? challenge.publicFrozenAt : null };
}

export const boardKinds = ['public', 'private', 'late'] as const;
export type BoardKind = (typeof boardKinds)[number];
