/**
 * Scoring runs in threads under the real server (`next start`): a 246-byte Parquet file
 * claiming 300M rows is refused with a clear reason, the site keeps answering while it is
 * handled, and the next submission is scored by a scoring thread as usual.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parquetClaimingRows } from '@/lib/scoring/fixtures/hostile-parquet';
import { e2e, launch, signUpWithToken } from './browser';

describe.skipIf(e2e.skip)('scoring isolation on the running site', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('refuses a Parquet file whose metadata claims 300M rows, stays up, then scores a good file', async () => {
    const token = await signUpWithToken(browser, 'iso', 'isolation pass 1');

    const run = promisify(execFile);
    const env = { ...process.env, PODIUM_URL: e2e.baseUrl, PODIUM_TOKEN: token };
    const cli = path.resolve(__dirname, '../scripts/podium.mjs');
    await run(process.execPath, [cli, 'join', 'demo'], { env });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-iso-'));
    const hostile = path.join(dir, 'claims-300m.parquet');
    fs.writeFileSync(hostile, parquetClaimingRows(300_000_000));

    // While the worker handles it, the site answers.
    let answered = 0;
    let slowest = 0;
    let stop = false;
    const probe = (async () => {
      while (!stop) {
        const t0 = performance.now();
        const r = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/leaderboard`, { headers: { authorization: `Bearer ${token}` } });
        await r.arrayBuffer();
        if (r.ok) answered++;
        slowest = Math.max(slowest, performance.now() - t0);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const failed = await run(process.execPath, [cli, 'submit', 'demo/product-type', hostile, '--wait'], { env, timeout: 120_000 }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    stop = true;
    await probe;
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/failed: claims-300m\.parquet, the file's metadata says it has 300,000,000 rows, but the task has [\d,]+ test ids and a prediction file has one row for each/);
    expect(answered).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(5000);

    const sample = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/files/sample_submission.csv`, { headers: { authorization: `Bearer ${token}` } });
    const good = path.join(dir, 'sample.csv');
    fs.writeFileSync(good, Buffer.from(await sample.arrayBuffer()));
    const { stdout } = await run(process.execPath, [cli, 'submit', 'demo/product-type', good, '--wait'], { env, timeout: 120_000 });
    expect(JSON.parse(stdout).status).toBe('scored');
  });
});
