/**
 * Croissant metadata against the real site: checked by a JSON-LD processor and by downloading every link it
 * gives; the signed links it carries are refused when tampered with, for another file or expired.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signDownloadLink } from '@/lib/auth/download-links';
import { parquetColumnNames } from '@/lib/tables/parquet-ranges';
import { e2e, launch, signUpWithToken } from './browser';

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

function columnsOf(name: string, bytes: Uint8Array): string[] {
  if (name.endsWith('.parquet')) return parquetColumnNames(bytes);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(10))).replace(/^\uFEFF/, '').replace(/\r$/, '').split(',');
}

describe.skipIf(e2e.skip)('Croissant metadata', () => {
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
});
