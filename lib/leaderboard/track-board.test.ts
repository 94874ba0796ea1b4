import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { taskBoardCsv, taskBoardJson, trackBoardCsv, trackBoardJson } from './format';
import { getTaskBoard } from './task-board';
import { getTrackBoard } from './track-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedTrack, seedUser } from './seed-boards';

const AT = new Date('2026-01-10T00:00:00Z');
const DURING = new Date('2026-01-20T00:00:00Z');

describe.each(testDatabases())('track boards and exports on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let cls: { id: string; slug: string };
  let mixed: { id: string; slug: string };
  let a1: { id: string; slug: string; metric: string };

  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db);
    cls = await seedTrack(t.db, c.id, 'classification');
    mixed = await seedTrack(t.db, c.id, 'mixed');
    a1 = await seedTask(t.db, { challengeId: c.id, slug: 'a1', metric: 'accuracy', trackId: cls.id });
    const a2 = await seedTask(t.db, { challengeId: c.id, slug: 'a2', metric: 'macro_f1', trackId: cls.id });
    const ll = await seedTask(t.db, { challengeId: c.id, slug: 'll', metric: 'log_loss', trackId: mixed.id });
    const m2 = await seedTask(t.db, { challengeId: c.id, slug: 'm2', metric: 'f1', trackId: mixed.id });
    const scores: Record<string, Array<[{ id: string }, number, number]>> = {
      // "one" only has a1: its a2 cell is missing and averages as 0.
      one: [[a1, 0.9, 0.123456789], [ll, 0.2, 0.3]],
      two: [[a1, 0.6, 0.61], [a2, 0.6, 0.62], [ll, 0.5, 0.55], [m2, 0.9, 0.91]],
      three: [[a1, 0.8, 0.81], [a2, 0.5, 0.52], [m2, 0.7, 0.71]],
    };
    for (const [name, list] of Object.entries(scores)) {
      const u = await seedUser(t.db, `${name}@x.org`);
      const team = await seedTeam(t.db, { challengeId: c.id, name, members: [u.id], isBaseline: name === 'two' });
      for (const [task, pub, priv] of list) await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: u.id, publicScore: pub, privateScore: priv, createdAt: AT });
    }
  });
  afterAll(async () => t?.close());

  it('averages bounded higher-is-better tasks, a missing task at its worst score and marked', async () => {
    const b = await getTrackBoard({ db: t.db, challenge: c, track: cls, board: 'public', organizer: false, now: DURING });
    expect(b.rule).toBe('average');
    expect(b.rows.map((r) => [r.rank, r.team, r.average, r.meanRank, r.borda, r.baseline])).toEqual([
      [1, 'three', 0.65, 2, 2, false],
      [2, 'two', 0.6, 2, 2, true],
      [3, 'one', 0.45, 2, 2, false],
    ]);
    expect(b.rows[2].cells.a2).toEqual({ score: null, missing: true, averaged: 0, rank: 3 });
    const json = trackBoardJson(b);
    expect(json.rows[2].tasks).toEqual({ a1: { score: 0.9, missing: false, rank: 1 }, a2: { score: null, missing: true, rank: 3 } });
    expect(trackBoardCsv(b)).toBe('rank,team,average,mean_rank,borda,a1,a2,baseline\r\n1,three,0.6500,2,2,0.8000,0.5000,false\r\n2,two,0.6000,2,2,0.6000,0.6000,true\r\n3,one,0.4500,2,2,0.9000,,false\r\n');
  });

  it('uses mean rank when a task ranks lower-is-better (log_loss), and reports no average', async () => {
    const b = await getTrackBoard({ db: t.db, challenge: c, track: mixed, board: 'public', organizer: false, now: DURING });
    expect(b.rule).toBe('mean_rank');
    // ll: one 1, two 2, three missing → 3. m2: two 1, three 2, one missing → 3.
    expect(b.rows.map((r) => [r.rank, r.team, r.average, r.meanRank, r.borda])).toEqual([
      [1, 'two', null, 1.5, 3],
      [2, 'one', null, 2, 2],
      [3, 'three', null, 2.5, 1],
    ]);
  });

  it('keeps every private value out of what a participant gets before the reveal', async () => {
    const pub = await getTaskBoard({ db: t.db, challenge: c, task: a1, board: 'public', organizer: false, now: DURING });
    const out = JSON.stringify(taskBoardJson(pub)) + taskBoardCsv(pub) + JSON.stringify(pub);
    expect(out).toContain('0.9');
    for (const v of ['0.123456789', '0.81', '0.61']) expect(out).not.toContain(v);
    await expect(getTaskBoard({ db: t.db, challenge: c, task: a1, board: 'private', organizer: false, now: DURING })).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
    await expect(getTrackBoard({ db: t.db, challenge: c, track: cls, board: 'private', organizer: false, now: DURING })).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
    const after = await getTaskBoard({ db: t.db, challenge: c, task: a1, board: 'private', organizer: false, now: c.endAt });
    expect(taskBoardJson(after).rows.map((r) => r.score)).toEqual([0.81, 0.61, 0.123456789]);
    expect(taskBoardCsv(after)).toBe(
      'rank,team,score,accuracy,n_rows,submissions,last_submission_at,baseline\r\n' +
        // One number format per metric in the CSV, as on the page (the JSON keeps full precision).
        '1,three,0.8100,0.8100,70,1,2026-01-10T00:00:00.000Z,false\r\n' +
        '2,two,0.6100,0.6100,70,1,2026-01-10T00:00:00.000Z,true\r\n' +
        '3,one,0.1235,0.1235,70,1,2026-01-10T00:00:00.000Z,false\r\n',
    );
  });
});

describe('CSV exports against formula injection', () => {
  it('neutralizes text cells starting with =, +, -, @, tab or CR; numbers stay numbers', async () => {
    const { csvField } = await import('./format');
    for (const bad of ['=HYPERLINK("http://x")', '+1+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const cell = csvField(bad);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('Team A')).toBe('Team A');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField('-0.2500')).toBe('-0.2500'); // a score printed in its metric's format stays a number
    const board = { rows: [{ rank: 1, team: '=cmd|"/c calc"!A1', score: -0.25, metrics: {}, submissions: 1, lastSubmissionAt: null, baseline: false }] };
    expect(taskBoardCsv(board as unknown as Parameters<typeof taskBoardCsv>[0]).split('\r\n')[1]).toBe(`1,"'=cmd|""/c calc""!A1",-0.2500,1,,false`); // scores in the metric's one format (4 decimals)
  });
});
