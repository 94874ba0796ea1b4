import { describe, expect, it } from 'vitest';
import { privateBoardSentence, privateRevealed, revealStatus } from './phase';

const end = new Date('2026-06-01T00:00:00Z');
const before = new Date('2026-05-01T00:00:00Z');
const after = new Date('2026-07-01T00:00:00Z');
const manual = new Date('2026-04-15T00:00:00Z');

describe('revealStatus', () => {
  it('after a manual reveal never says it reveals automatically at the end', () => {
    for (const autoReveal of [true, false]) {
      for (const now of [before, after]) {
        const s = revealStatus({ endAt: end, privateRevealedAt: manual, autoReveal }, now);
        expect(s.revealed).toBe(true);
        expect(s.sentence).toMatch(/by hand/);
        expect(s.sentence).not.toMatch(/reveals automatically/);
        expect(s.at).toEqual(manual);
      }
    }
  });

  it('agrees with privateRevealed in every state', () => {
    for (const privateRevealedAt of [null, manual]) {
      for (const autoReveal of [true, false]) {
        for (const now of [before, after]) {
          const c = { endAt: end, privateRevealedAt, autoReveal };
          expect(revealStatus(c, now).revealed).toBe(privateRevealed(c, now));
        }
      }
    }
  });

  it('says what is to come only when it is still to come', () => {
    expect(revealStatus({ endAt: end, privateRevealedAt: null, autoReveal: true }, before).sentence).toMatch(/reveals automatically at the end/);
    expect(revealStatus({ endAt: end, privateRevealedAt: null, autoReveal: true }, after).sentence).toMatch(/^Revealed to everyone automatically/);
    expect(revealStatus({ endAt: end, privateRevealedAt: null, autoReveal: false }, after).sentence).toMatch(/held \(the challenge ended/);
    expect(revealStatus({ endAt: end, privateRevealedAt: null, autoReveal: false }, before).sentence).toMatch(/held, so it stays hidden/);
  });
});

describe('privateBoardSentence', () => {
  it('never promises a reveal at the end that is held, nor calls the boards revealed to an organizer who merely sees them', () => {
    expect(privateBoardSentence({ endAt: end, privateRevealedAt: null, autoReveal: false }, { organizer: false, now: before })).toMatch(/until the organizers reveal them/);
    expect(privateBoardSentence({ endAt: end, privateRevealedAt: null, autoReveal: true }, { organizer: false, now: before })).toMatch(/when the challenge ends/);
    expect(privateBoardSentence({ endAt: end, privateRevealedAt: null, autoReveal: true }, { organizer: true, now: before })).toMatch(/when the challenge ends\. As an organizer/);
    expect(privateBoardSentence({ endAt: end, privateRevealedAt: manual, autoReveal: false }, { organizer: false, now: before })).toBe('The private (final) boards are revealed.');
    expect(privateBoardSentence({ endAt: end, privateRevealedAt: null, autoReveal: true }, { organizer: false, now: after })).toBe('The private (final) boards are revealed.');
  });
});
