/**
 * Where ML scientists work, against the real site: the Python client installed with pip from the site itself
 * into a virtualenv of Debian's python3, loading tables into pandas and submitting a DataFrame; `podium download`
 * checking SHA-256. (Croissant metadata: croissant.e2e.ts.)
 */
import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch, signUpWithToken } from './browser';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

describe.skipIf(e2e.skip)('ML clients', () => {
  let browser: Browser;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    browser = await launch();
    token = await signUpWithToken(browser, 'ml');
    const joined = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/join`, { method: 'POST', headers: auth() });
    expect(joined.status).toBe(200);
  });
  afterAll(async () => browser?.close());

  it('podium download fetches every file of a format and checks each SHA-256', async () => {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-dl-'));
    const env = { ...process.env, PODIUM_URL: e2e.baseUrl, PODIUM_TOKEN: token };
    const cli = path.join(ROOT, 'scripts/podium.mjs');
    const { stdout } = await run(process.execPath, [cli, 'download', 'demo/product-type', '--format', 'csv', '--dest', dest], { env });
    const meta = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type`, { headers: auth() })).json();
    const want = meta.files.filter((f: { name: string }) => !f.name.endsWith('.parquet'));
    expect(fs.readdirSync(dest).sort()).toEqual(want.map((f: { name: string }) => f.name).sort());
    for (const f of want) expect(sha(fs.readFileSync(path.join(dest, f.name))), f.name).toBe(f.sha256);
    expect(stdout).toContain('SHA-256 checked');
    const again = await run(process.execPath, [cli, 'download', 'demo/product-type', '--format', 'csv', '--dest', dest], { env });
    expect(again.stdout).toContain('already here');
    const bad = await run(process.execPath, [cli, 'download', 'demo/product-type', '--format', 'xlsx'], { env }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format is csv or parquet');
  });

  it('pip installs the client from the site into a virtualenv of Debian python3; a notebook loads train as a DataFrame, submits a DataFrame and prints the scores', async () => {
    const venv = await pythonEnv();
    const py = path.join(venv, 'bin', 'python');
    const pip = await run(py, ['-m', 'pip', 'install', '--force-reinstall', '--no-deps', '--no-index', `${e2e.baseUrl}/client/python`], { timeout: 120_000 });
    expect(pip.stdout).toContain('Successfully installed podium-client-0.1.0');
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-pycache-'));
    const env = { ...process.env, PODIUM_URL: e2e.baseUrl, PODIUM_TOKEN: token, PODIUM_CACHE: cache };
    const script = `
import json
import pandas as pd
from podium_client import Podium, SubmissionFailed
p = Podium()
meta = p.task("demo", "product-type")
target = [c for c, r in meta["columns"].items() if r == "target"][0]
train = p.load("demo", "product-type", "train")
test = p.load("demo", "product-type", "test")
test_csv = p.load("demo", "product-type", "test", format="csv")
pred = pd.DataFrame({"id": test["id"], "label": train[target].mode()[0]})
res = p.submit("demo", "product-type", pred, description="majority class from Python")
print(res["public"])
gz = p.submit("demo", "product-type", pred, description="gzipped", compress=True)
dup = pd.concat([pred, pred.head(1)])
try:
    p.submit("demo", "product-type", dup)
    bad = None
except SubmissionFailed as e:
    bad = {"message": e.message, "rule": e.rule, "code": e.code, "row": e.row, "value": e.value}
try:
    p.load("demo", "product-type", "nope")
    missing = None
except Exception as e:
    missing = str(e)
board = p.leaderboard("demo", "product-type")
print(json.dumps({
    "train": {"rows": len(train), "columns": list(train.columns), "id": str(train["id"].dtype), "price": str(train["price"].dtype)},
    "test_ids_equal": test_csv["id"].tolist() == test["id"].tolist(),
    "result": res, "gz": {"status": gz["status"], "fileName": gz["fileName"], "public": gz["public"]},
    "bad": bad, "missing": missing, "board": board,
}))
`;
    const { stdout } = await run(py, ['-c', script], { env, timeout: 180_000 });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\{'[a-z_0-9]+': [0-9.e-]+/); // print(scores), as a notebook shows it
    const out = JSON.parse(lines[lines.length - 1]);
    const meta = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type`, { headers: auth() })).json();
    const sheet = meta.datasheet.tables.find((t: { name: string }) => t.name === 'train');
    expect(out.train.rows).toBe(sheet.rows);
    expect(out.train.columns).toEqual(sheet.columns.map((c: { name: string }) => c.name));
    expect(out.train.price).toBe('float64');
    expect(out.train.id).not.toMatch(/int|float/);
    expect(out.test_ids_equal).toBe(true);
    expect(out.result.status).toBe('scored');
    expect(Object.keys(out.result.public)).toEqual(expect.arrayContaining(['accuracy', 'macro_f1']));
    const api = await (await fetch(`${e2e.baseUrl}/api/v1/submissions/${out.result.id}`, { headers: auth() })).json();
    expect(out.result.public).toEqual(api.public);
    // Sent gzipped, stored and scored as the plain CSV.
    expect(out.gz).toEqual({ status: 'scored', fileName: 'predictions.csv', public: out.result.public });
    const testRows = meta.datasheet.tables.find((t: { name: string }) => t.name === 'test').rows;
    expect(out.bad).toMatchObject({ rule: 'duplicate_id', code: 'bad_file:duplicate_id', row: testRows + 1 });
    expect(out.bad.message).toContain('duplicate');
    expect(out.bad.value).toBeTruthy();
    expect(out.bad.message).toContain(`'${out.bad.value}'`);
    expect(out.missing).toContain('has no file "nope.parquet"');
    expect(out.board.rows.length).toBeGreaterThan(0);

    // The console command.
    const bin = path.join(venv, 'bin', 'podium-py');
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-pydl-'));
    const dl = await run(bin, ['download', 'demo/catalog-duplicates', '--dest', dest], { env });
    const cat = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/catalog-duplicates`, { headers: auth() })).json();
    for (const f of cat.files.filter((x: { name: string }) => !x.name.endsWith('.csv') || x.name === 'sample_submission.csv')) {
      expect(sha(fs.readFileSync(path.join(dest, f.name))), f.name).toBe(f.sha256);
    }
    expect(dl.stdout).toContain('SHA-256 checked');
    const sub = await run(bin, ['submit', 'demo/catalog-duplicates', path.join(dest, 'sample_submission.csv'), '--description', 'sample from podium-py'], { env, timeout: 120_000 });
    expect(JSON.parse(sub.stdout)).toMatchObject({ status: 'scored', public: { f1: 0 } });
    const lb = await run(bin, ['leaderboard', 'demo/product-type'], { env });
    expect(lb.stdout).toMatch(/^public board, ranked by macro_f1/);
    const refused = await run(bin, ['submit', 'demo/product-type', path.join(dest, 'left.parquet')], { env, timeout: 120_000 }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^podium-py: the submission failed: left\.parquet, /);
  }, 600_000);
});

/**
 * A virtualenv of Debian's python3 with pandas and pyarrow from the machine's package mirror,
 * kept in node_modules/.cache between runs (installing pandas takes about a minute here);
 * the client itself is reinstalled from the site on every run.
 */
async function pythonEnv(): Promise<string> {
  const python = '/usr/bin/python3';
  expect(fs.existsSync(python), 'Debian python3 (/usr/bin/python3) is needed; .ci/run installs python3-venv').toBe(true);
  const dir = path.join(ROOT, 'node_modules', '.cache', 'podium-e2e-python');
  const py = path.join(dir, 'bin', 'python');
  if (fs.existsSync(py) && spawnSync(py, ['-c', 'import pandas, pyarrow']).status === 0) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  await run(python, ['-m', 'venv', dir], { timeout: 120_000 });
  await run(py, ['-m', 'pip', 'install', '--quiet', 'pandas', 'pyarrow'], { timeout: 540_000 });
  return dir;
}
