/**
 * The start-up sweep removes what crashes and abandoned uploads leave behind, and nothing
 * that is in use: task files, answer keys, young files, blobs of existing submissions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from '@/lib/leaderboard/seed-boards';
import { isPostgresWriteBug } from '@/lib/faults';
import { LocalBlobStore } from './local';
import { sweepStorage } from './sweep';

const HOUR_AGO = (Date.now() - 3600_000) / 1000;

function put(file: string, old = true) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x');
  if (old) fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
}
const age = (dir: string) => fs.utimesSync(dir, HOUR_AGO, HOUR_AGO);

describe.each(testDatabases())('start-up sweep on $name', (factory) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await factory.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-sweep-'));
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('removes stale temp files, upload folders, empty folders and submission blobs with no row; keeps the rest', async () => {
    const root = path.join(dir, 'blobs');
    const tmp = path.join(dir, 'tmp');
    const store = new LocalBlobStore(root);
    const c = await seedChallenge(t.db);
    const task = await seedTask(t.db, { challengeId: c.id, slug: 'sweep', metric: 'accuracy' });
    const u = await seedUser(t.db, 'sweep@example.com');
    const team = await seedTeam(t.db, { challengeId: c.id, name: 'S', members: [u.id] });
    const kept = await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: u.id, publicScore: 1, privateScore: 1, createdAt: new Date() });
    const orphan = '11111111-2222-4333-8444-555555555555';
    const young = '66666666-7777-4888-8999-aaaaaaaaaaaa';
    const f = (...p: string[]) => path.join(root, ...p);
    put(f('tasks', task.id, 'answer-key.bin'));
    put(f('tasks', task.id, 'train.csv'));
    put(f('tasks', task.id, '.put-0a.tmp'));
    put(f('submissions', kept, 'file'));
    put(f('submissions', orphan, 'file'));
    put(f('submissions', orphan, 'predictions.bin'));
    put(f('submissions', young, 'file'), false);
    put(f('submissions', kept, '.put-young.tmp'), false);
    fs.mkdirSync(f('submissions', 'not-a-uuid', 'empty'), { recursive: true });
    age(f('submissions', 'not-a-uuid', 'empty'));
    age(f('submissions', orphan));
    put(path.join(tmp, 'podium-sub-old', 'upload'));
    age(path.join(tmp, 'podium-sub-old'));
    put(path.join(tmp, 'podium-sub-young', 'upload'), false);
    put(path.join(tmp, 'other-program', 'x'));
    age(path.join(tmp, 'other-program'));

    const r = await sweepStorage({ db: t.db, store, tmpDir: tmp });
    expect(r).toEqual({ tempFiles: 1, uploadFolders: 1, emptyFolders: 1, orphanBlobs: 1 });
    for (const p of [f('tasks', task.id, 'answer-key.bin'), f('tasks', task.id, 'train.csv'), f('submissions', kept, 'file'), f('submissions', young, 'file'), f('submissions', kept, '.put-young.tmp'), path.join(tmp, 'podium-sub-young'), path.join(tmp, 'other-program')]) {
      expect(fs.existsSync(p), p).toBe(true);
    }
    for (const p of [f('tasks', task.id, '.put-0a.tmp'), f('submissions', orphan), f('submissions', 'not-a-uuid', 'empty'), path.join(tmp, 'podium-sub-old')]) {
      expect(fs.existsSync(p), p).toBe(false);
    }
  });
});

describe('the postgres-js connection bug (porsager/postgres #1154)', () => {
  const ROOT = path.resolve(__dirname, '../..');
  const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  const run = (thrown: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        TSX,
        '-e',
        `import('./lib/faults.ts').then(({ survivePostgresWriteBug }) => {
          survivePostgresWriteBug();
          setTimeout(() => { ${thrown} }, 10);
          setTimeout(() => { console.log('still answering'); }, 200);
        });`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
    );

  it('is survived, while any other uncaught error still ends the process', () => {
    const bug = run(
      `const e = new TypeError("Cannot read properties of null (reading 'write')"); e.stack = 'TypeError: x\\n    at write (/app/node_modules/postgres/src/connection.js:255:20)'; throw e;`,
    );
    expect(bug.stdout).toContain('still answering');
    expect(bug.status).toBe(0);
    const other = run(`throw new TypeError("Cannot read properties of null (reading 'write')");`);
    expect(other.stdout).not.toContain('still answering');
    expect(other.status).not.toBe(0);
    expect(isPostgresWriteBug(new Error('x'))).toBe(false);
  });
});
