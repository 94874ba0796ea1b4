/**
 * Where ML scientists work, against the real site: Croissant metadata checked by a JSON-LD
 * processor and by downloading every link it gives; the Python client installed with pip from
 * the site itself into a virtualenv of Debian's python3, loading tables into pandas and
 * submitting a DataFrame; `podium download` checking SHA-256.
 */
import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signDownloadLink } from '@/lib/auth/download-links';
import { parquetColumnNames } from '@/lib/tables/parquet-ranges';
import { e2e, launch } from './browser';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const CR = 'http://mlcommons.org/croissant/';
const SC = 'https://schema.org/';
const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

type Node = Record<string, unknown[]>;
const values = (n: Node, p: string) => (n[p] ?? []) as Array<{ '@value'?: unknown; '@id'?: string } & Node>;
const one = (n: Node, p: string) => {
  const v = values(n, p);
  expect(v, p).toHaveLength(1);
  return v[0];
};

async function signUpWithToken(browser: Browser, prefix: string): Promise<string> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${e2e.baseUrl}/signup`);
  await page.getByLabel('Email').fill(`${prefix}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('ml client pass');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto(`${e2e.baseUrl}/account`);
  await page.getByLabel('New token name').fill(prefix);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  await ctx.close();
  return token;
}

function columnsOf(name: string, bytes: Uint8Array): string[] {
  if (name.endsWith('.parquet')) return parquetColumnNames(bytes);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(10))).replace(/^\uFEFF/, '').replace(/\r$/, '').split(',');
}

describe.skipIf(e2e.skip)('ML clients', () => {
  let browser: Browser;
  let token: string;
  let outsider: string;
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    browser = await launch();
    [token, outsider] = [await signUpWithToken(browser, 'ml'), await signUpWithToken(browser, 'ml-outsider')];
    const joined = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/join`, { method: 'POST', headers: auth() });
    expect(joined.status).toBe(200);
  });
  afterAll(async () => browser?.close());

  it.each(['product-type', 'catalog-duplicates'])('Croissant metadata of %s passes the Croissant 1.0 checks and its links download the files it describes', async (task) => {
    const url = `${e2e.baseUrl}/api/v1/challenges/demo/tasks/${task}/croissant`;
    const res = await fetch(url, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const doc = await res.json();
    expect(doc['@context']).toMatchObject({ '@vocab': SC, cr: CR, dct: 'http://purl.org/dc/terms/' });

    const [ds] = (await jsonld.expand(doc, { base: url })) as unknown as Node[];
    expect(ds['@type']).toEqual([`${SC}Dataset`]);
    expect(one(ds, 'http://purl.org/dc/terms/conformsTo')['@value']).toBe('http://mlcommons.org/croissant/1.0');
    for (const p of ['name', 'description', 'url', 'datePublished']) expect(values(ds, SC + p).length, p).toBe(1);
    expect(values(ds, `${SC}creator`).length).toBeGreaterThan(0);

    // Every published file is a FileObject with contentUrl, encodingFormat and sha256; every link works without a token.
    const meta = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${task}`, { headers: auth() })).json();
    const fileObjects = values(ds, `${SC}distribution`);
    expect(fileObjects.map((f) => f['@type'])).toEqual(fileObjects.map(() => [`${CR}FileObject`]));
    expect(fileObjects.map((f) => one(f, `${SC}name`)['@value']).sort()).toEqual(meta.files.map((f: { name: string }) => f.name).sort());
    const bytesById = new Map<string, Uint8Array>();
    for (const f of fileObjects) {
      const name = one(f, `${SC}name`)['@value'] as string;
      const contentUrl = one(f, `${SC}contentUrl`)['@value'] as string;
      expect(one(f, `${SC}encodingFormat`)['@value']).toMatch(/^(text\/csv|application\/x-parquet|application\/zip)$/);
      const digest = one(f, `${SC}sha256`)['@value'];
      expect(new URL(contentUrl).searchParams.get('signature')).toBeTruthy();
      const got = await fetch(contentUrl);
      expect(got.status, name).toBe(200);
      const bytes = new Uint8Array(await got.arrayBuffer());
      expect(sha(bytes), name).toBe(digest);
      expect(digest).toBe(meta.files.find((m: { name: string }) => m.name === name).sha256);
      bytesById.set(f['@id']!, bytes);
    }

    // A record set per table; its fields are exactly its file's columns, each with a dataType and a source naming that file and the column.
    const recordSets = values(ds, `${CR}recordSet`);
    expect(recordSets.map((r) => one(r, `${SC}name`)['@value']).sort()).toEqual(meta.datasheet.tables.map((t: { name: string }) => t.name).sort());
    for (const rs of recordSets) {
      expect(rs['@type']).toEqual([`${CR}RecordSet`]);
      const fields = values(rs, `${CR}field`);
      const sources = fields.map((f) => {
        expect(f['@type']).toEqual([`${CR}Field`]);
        expect(values(f, `${CR}dataType`).length).toBeGreaterThan(0);
        for (const t of values(f, `${CR}dataType`)) expect(t['@id']).toMatch(/^(https:\/\/schema\.org\/(Text|Float|Integer)|http:\/\/mlcommons\.org\/croissant\/Label)$/);
        const source = one(f, `${CR}source`);
        const column = one(one(source, `${CR}extract`), `${CR}column`)['@value'];
        expect(column).toBe(one(f, `${SC}name`)['@value']);
        return { file: one(source, `${CR}fileObject`)['@id']!, column };
      });
      const files = new Set(sources.map((s) => s.file));
      expect(files.size).toBe(1);
      const [file] = files;
      expect(bytesById.has(file), file).toBe(true);
      expect(sources.map((s) => s.column)).toEqual(columnsOf(file, bytesById.get(file)!));
      // The other format of the same table holds the same columns.
      const twin = file.endsWith('.parquet') ? file.replace(/\.parquet$/, '.csv') : file.replace(/\.csv$/, '.parquet');
      if (bytesById.has(twin)) expect(columnsOf(twin, bytesById.get(twin)!)).toEqual(sources.map((s) => s.column));
    }

    // Roles: the target is a Label, the image column a path inside images.zip.
    const train = doc.recordSet.find((r: { name: string }) => r.name === (task === 'product-type' ? 'train' : 'train_pairs'));
    expect(train.field.find((f: { dataType: unknown }) => Array.isArray(f.dataType) && f.dataType.includes('cr:Label'))).toBeTruthy();
    if (task === 'product-type') {
      const image = train.field.find((f: { name: string }) => f.name === 'image');
      expect(image.description).toContain('images.zip');
      const zip = [...bytesById.entries()].find(([id]) => id.endsWith('images.zip'))![1];
      const inZip = new Set(Object.keys(unzipSync(zip)));
      const csv = new TextDecoder().decode([...bytesById.entries()].find(([id]) => id.endsWith('/train.csv'))![1]);
      const header = csv.split('\n')[0].split(',');
      const firstRow = csv.split('\n')[1];
      expect(firstRow).toBeTruthy();
      const imagePath = /(?:^|,)([^,"]+\.png)(?:,|$)/.exec(firstRow)?.[1];
      expect(header).toContain('image');
      expect(imagePath && inZip.has(imagePath), `${imagePath} in images.zip`).toBe(true);
    }
  });

  it('signed links are refused when tampered with, for another file, or expired; callers who may not download get no signed links', async () => {
    const doc = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/croissant`, { headers: auth() })).json();
    const link = new URL(doc.distribution.find((f: { name: string }) => f.name === 'train.csv').contentUrl);
    const refused = async (u: URL | string, code: string) => {
      const r = await fetch(u);
      expect(r.status, String(u)).toBe(403);
      expect((await r.json()).error.code).toBe(code);
    };
    const tampered = new URL(link);
    const sig = tampered.searchParams.get('signature')!;
    tampered.searchParams.set('signature', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    await refused(tampered, 'forbidden:bad_link');
    const later = new URL(link);
    later.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 86400));
    await refused(later, 'forbidden:bad_link');
    await refused(link.href.replace('/files/train.csv', '/files/test.csv'), 'forbidden:bad_link');
    // A link signed with the site's own secret but already expired.
    const secret = fs.readFileSync(path.join(e2e.dataDir, 'auth-secret'), 'utf8').trim();
    const expired = new URL(link);
    expired.search = signDownloadLink({
      secret,
      file: { challenge: 'demo', task: 'product-type', name: 'train.csv' },
      userId: link.searchParams.get('user')!,
      now: new Date(Date.now() - 2 * 3600_000),
    }).toString();
    await refused(expired, 'forbidden:link_expired');
    const fresh = new URL(link);
    fresh.search = signDownloadLink({ secret, file: { challenge: 'demo', task: 'product-type', name: 'train.csv' }, userId: link.searchParams.get('user')! }).toString();
    expect((await fetch(fresh)).status).toBe(200);

    // Someone who has not accepted the rules sees the metadata with plain links, which need a token and the rules.
    const theirs = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/croissant`, { headers: { authorization: `Bearer ${outsider}` } })).json();
    const plain = new URL(theirs.distribution[0].contentUrl);
    expect(plain.search).toBe('');
    expect((await fetch(plain)).status).toBe(401);
    expect((await fetch(plain, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(403);
    expect((await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/croissant`)).status).toBe(401);

    // The task page links the metadata in its <head> and shows the two Python lines.
    const page = await browser.newPage();
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/product-type`);
    expect(await page.locator('head link[rel="alternate"][type="application/ld+json"]').getAttribute('href')).toBe('/api/v1/challenges/demo/tasks/product-type/croissant');
    const snippet = await page.locator('pre', { hasText: 'pip install' }).textContent();
    expect(snippet).toContain(`pip install ${e2e.baseUrl}/client/python`);
    expect(snippet).toContain('Podium().load("demo", "product-type", "train")');
    await page.close();
  });

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
