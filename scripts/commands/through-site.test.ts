import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTaskZip } from '@/lib/tasks/zip';
import { zipFolder } from './through-site';

const IRIS = path.resolve(import.meta.dirname, '../../lib/tasks/fixtures/iris');

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p).split(path.sep).join('/')] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('task add through the running site: the folder it uploads', () => {
  it('zips a task folder (images and an empty file included) into what the site unpacks, byte for byte', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-zipfolder-'));
    const folder = path.join(work, 'iris');
    fs.cpSync(IRIS, folder, { recursive: true });
    fs.mkdirSync(path.join(folder, 'images/sub'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'images/sub/a.jpg'), crypto.randomBytes(3 * 1024 * 1024 + 17)); // more than one read chunk, stored as is
    fs.writeFileSync(path.join(folder, 'images/empty.png'), '');
    const zip = await zipFolder(folder);
    try {
      const dest = path.join(work, 'out');
      await extractTaskZip({ zipPath: zip.file, destDir: dest, maxBytes: 64 * 1024 * 1024, maxFileBytes: 64 * 1024 * 1024 });
      expect(tree(dest)).toEqual(tree(folder));
    } finally {
      zip.cleanup();
      fs.rmSync(work, { recursive: true, force: true });
    }
    expect(fs.existsSync(zip.file)).toBe(false);
  });
});
