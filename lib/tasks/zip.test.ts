import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { prepareTask } from './prepare';
import { extractTaskZip } from './zip';

const enc = new TextEncoder();
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'iris');
const irisFiles = (prefix: string): Zippable =>
  Object.fromEntries(readdirSync(FIXTURE).map((f) => [`${prefix}${f}`, new Uint8Array(readFileSync(path.join(FIXTURE, f)))]));
const dest = () => path.join(mkdtempSync(path.join(tmpdir(), 'unzip-')), 'task');

describe('extractTaskZip', () => {
  it('accepts a zip of the folder contents (with or without ./) and one of the folder itself, and the result imports', async () => {
    for (const prefix of ['', 'iris/', './']) {
      const destDir = dest();
      const { files } = await extractTaskZip({ bytes: zipSync(irisFiles(prefix)), destDir, maxBytes: 1 << 20 });
      expect(files.sort()).toEqual(['task.json', 'test.csv', 'test_labels.csv', 'train.csv']);
      const prepared = await prepareTask({ folder: destDir, outDir: dest() });
      expect(prepared.counts.test).toBe(12);
    }
  });

  it('ignores macOS metadata entries', async () => {
    const zip = zipSync({ ...irisFiles('iris/'), '__MACOSX/iris/._train.csv': enc.encode('junk'), 'iris/.DS_Store': enc.encode('junk') });
    expect((await extractTaskZip({ bytes: zip, destDir: dest(), maxBytes: 1 << 20 })).files).toHaveLength(4);
  });

  it('refuses entries that leave the folder, absolute paths and symbolic links before writing anything', async () => {
    const cases: [Zippable, string][] = [
      [{ ...irisFiles(''), '../evil.txt': enc.encode('x') }, 'Zip entry "../evil.txt" has a path that leaves the folder [zip_path_escapes]'],
      [{ ...irisFiles(''), '/etc/evil': enc.encode('x') }, 'Zip entry "/etc/evil" has a path that leaves the folder [zip_path_escapes]'],
      [{ ...irisFiles(''), 'images/link.jpg': [enc.encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }, 'Zip entry "images/link.jpg" is a symbolic link; links are not accepted [zip_symlink]'],
      [{ 'notes.txt': enc.encode('x'), 'a/task.json': enc.encode('{}') }, 'The zip has no task.json at its root or inside a single top folder [zip_no_task_json]'],
    ];
    for (const [files, message] of cases) {
      const destDir = dest();
      await expect(extractTaskZip({ bytes: zipSync(files), destDir, maxBytes: 1 << 20 })).rejects.toThrow(message);
      expect(existsSync(destDir)).toBe(false);
    }
    await expect(extractTaskZip({ bytes: enc.encode('not a zip at all, just text'), destDir: dest(), maxBytes: 1 << 20 })).rejects.toThrow('[zip_unreadable]');
  });

  it('stops a zip bomb at the size cap even when its size fields lie', async () => {
    const zeros = new Uint8Array(8 << 20);
    const honest = zipSync({ ...irisFiles(''), 'images/big.bin': zeros });
    expect(honest.length).toBeLessThan(64 << 10);
    await expect(extractTaskZip({ bytes: honest, destDir: dest(), maxBytes: 1 << 20 })).rejects.toThrow(
      'The unzipped task folder is larger than 1048576 bytes [zip_too_large]',
    );
    // Claim 100 bytes in the central directory: only counting while inflating catches it.
    const lying = honest.slice();
    const view = new DataView(lying.buffer);
    for (let p = 0; p < lying.length - 4; p++) {
      if (view.getUint32(p, true) === 0x02014b50 && view.getUint32(p + 24, true) === zeros.length) view.setUint32(p + 24, 100, true);
    }
    const destDir = dest();
    await expect(extractTaskZip({ bytes: lying, destDir, maxBytes: 1 << 20 })).rejects.toThrow('[zip_too_large]');
    expect(existsSync(destDir)).toBe(false);
  });
});

/** A zip file (on disk) holding task.json and one entry of `mib` MiB of zeros: a few hundred KiB. */
async function writeBomb(file: string, mib: number): Promise<void> {
  const { Zip, ZipDeflate, ZipPassThrough } = await import('fflate');
  const { writeFileSync } = await import('node:fs');
  const parts: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    const zip = new Zip((err, chunk, final) => {
      if (err) return reject(err);
      parts.push(chunk);
      if (final) resolve();
    });
    const json = new ZipPassThrough('task.json');
    zip.add(json);
    json.push(readFileSync(path.join(FIXTURE, 'task.json')), true);
    const big = new ZipDeflate('images/bomb.bin', { level: 1 });
    zip.add(big);
    const mb = new Uint8Array(1 << 20);
    for (let i = 0; i < mib; i++) big.push(mb, i === mib - 1);
    zip.end();
  });
  writeFileSync(file, Buffer.concat(parts));
}

describe('extractTaskZip against a zip bomb', () => {
  it('refuses a file past the per-file cap while the event loop keeps answering', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bomb-'));
    const zipPath = path.join(dir, 'bomb.zip');
    await writeBomb(zipPath, 64);
    expect(readFileSync(zipPath).length).toBeLessThan(2 << 20);
    let last = Date.now();
    let worstGap = 0;
    const tick = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    const destDir = path.join(dir, 'out');
    try {
      await expect(extractTaskZip({ zipPath, destDir, maxBytes: 1 << 30, maxFileBytes: 32 << 20 })).rejects.toThrow(
        'Zip entry "images/bomb.bin" unzips to more than 33554432 bytes, the most one file may hold [zip_file_too_large]',
      );
    } finally {
      clearInterval(tick);
    }
    expect(existsSync(destDir)).toBe(false);
    expect(worstGap).toBeLessThan(250);
  }, 60_000);
});
