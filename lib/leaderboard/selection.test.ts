import { describe, expect, it } from 'vitest';
import { bestSubmission, finalSubmissionsFor, type SelectableSubmission } from './selection';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour));

function sub(id: number, publicScore: number | null, hour: number, extra: Partial<SelectableSubmission> = {}): SelectableSubmission {
  return { id, selected: false, late: false, publicScore, privateScore: null, createdAt: at(hour), ...extra };
}

describe('bestSubmission (public board)', () => {
  it('takes the best public score, the earliest on a tie, and skips unscored and late ones', () => {
    const subs = [sub(1, 0.8, 1), sub(2, 0.9, 5), sub(3, 0.9, 3), sub(4, null, 0), sub(5, 0.99, 9, { late: true })];
    expect(bestSubmission({ submissions: subs, higherIsBetter: true })?.id).toBe(3);
  });

  it('follows a lower-is-better metric', () => {
    const subs = [sub(1, 0.4, 1), sub(2, 0.2, 2), sub(3, 0.3, 0)];
    expect(bestSubmission({ submissions: subs, higherIsBetter: false })?.id).toBe(2);
  });

  it('is null for a team with nothing scored', () => {
    expect(bestSubmission({ submissions: [sub(1, null, 1)], higherIsBetter: true })).toBeNull();
  });
});

describe('finalSubmissionsFor (private board)', () => {
  it('counts the selected submissions and scores the team by their best private score', () => {
    const subs = [
      sub(1, 0.95, 1, { privateScore: 0.7 }),
      sub(2, 0.8, 2, { selected: true, privateScore: 0.82 }),
      sub(3, 0.85, 3, { selected: true, privateScore: 0.81 }),
    ];
    const final = finalSubmissionsFor({ submissions: subs, maxSelections: 2, higherIsBetter: true });
    expect(final.reason).toBe('selected');
    expect(final.counted.map((s) => s.id)).toEqual([2, 3]);
    expect(final.best?.id).toBe(2);
  });

  it('never counts a late submission, even when selected', () => {
    const subs = [sub(1, 0.7, 1, { privateScore: 0.7 }), sub(2, 0.99, 30, { selected: true, late: true, privateScore: 0.99 })];
    const final = finalSubmissionsFor({ submissions: subs, maxSelections: 2, higherIsBetter: true });
    expect(final.reason).toBe('best_public');
    expect(final.counted.map((s) => s.id)).toEqual([1]);
    expect(final.best?.privateScore).toBe(0.7);
  });

  it('falls back to the best public submission (earliest on a tie) when nothing is selected', () => {
    const subs = [sub(1, 0.9, 4, { privateScore: 0.6 }), sub(2, 0.9, 2, { privateScore: 0.5 }), sub(3, 0.7, 1, { privateScore: 0.99 })];
    const final = finalSubmissionsFor({ submissions: subs, maxSelections: 2, higherIsBetter: true });
    expect(final.reason).toBe('best_public');
    expect(final.counted.map((s) => s.id)).toEqual([2]);
    expect(final.best?.privateScore).toBe(0.5);
  });

  it('keeps at most maxSelections, the earliest ones, whatever their private scores', () => {
    const subs = [
      sub(1, 0.5, 3, { selected: true, privateScore: 0.99 }),
      sub(2, 0.5, 1, { selected: true, privateScore: 0.1 }),
      sub(3, 0.5, 2, { selected: true, privateScore: 0.2 }),
    ];
    const final = finalSubmissionsFor({ submissions: subs, maxSelections: 2, higherIsBetter: true });
    expect(final.counted.map((s) => s.id)).toEqual([2, 3]);
    expect(final.best?.id).toBe(3);
  });

  it('picks the lowest private score for log_loss and breaks a tie by the earlier submission', () => {
    const subs = [sub(1, 0.3, 5, { selected: true, privateScore: 0.25 }), sub(2, 0.4, 2, { selected: true, privateScore: 0.25 }), sub(3, 0.2, 3, { selected: true, privateScore: 0.3 })];
    const final = finalSubmissionsFor({ submissions: subs, maxSelections: 3, higherIsBetter: false });
    expect(final.best?.id).toBe(2);
  });

  it('reports none for a team without any scored on-time submission', () => {
    const final = finalSubmissionsFor({ submissions: [sub(1, null, 1)], maxSelections: 2, higherIsBetter: true });
    expect(final).toEqual({ counted: [], reason: 'none', best: null });
  });
});
