import { describe, expect, it } from 'vitest';
import { privateBoard, publicBoard } from './boards';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour));
const sub = (id: number, teamId: string, publicScore: number | null, privateScore: number | null, hour: number, selected = false, late = false) => ({
  id,
  teamId,
  publicScore,
  privateScore,
  createdAt: at(hour),
  selected,
  late,
});

const submissions = [
  sub(1, 'ada', 0.91, 0.8, 1),
  sub(2, 'ada', 0.85, 0.88, 2, true),
  sub(3, 'bob', 0.91, 0.86, 3),
  sub(4, 'bob', 0.7, 0.95, 4),
  sub(5, 'cy', 0.99, 0.99, 30, true, true),
  sub(6, 'cy', null, null, 5),
];

describe('publicBoard', () => {
  it('shows each team once with its best public submission; equal scores rank together, earliest first', () => {
    expect(publicBoard({ submissions, higherIsBetter: true }).map((r) => [r.teamId, r.id, r.rank])).toEqual([
      ['ada', 1, 1],
      ['bob', 3, 1],
    ]);
  });
});

describe('privateBoard', () => {
  it('ranks by the best private score of the counted submissions and says why they count', () => {
    expect(privateBoard({ submissions, maxSelections: 2, higherIsBetter: true }).map((r) => [r.teamId, r.id, r.rank, r.selection])).toEqual([
      ['ada', 2, 1, 'selected'],
      ['bob', 3, 2, 'best_public'],
    ]);
  });
});
