/**
 * The write commands' way through the running embedded site (see lib/auth/local-cli.ts):
 * when the site holds DATA_DIR's database, `user add`, `token add`, `challenge add` and
 * `task add` call its organizer API with the token it keeps in DATA_DIR/site.json.
 * Against a server (DATABASE_URL) the commands open the database as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { lockOwner } from '@/db/lock';
import { readLocalCliAccess, type LocalCliAccess } from '@/lib/auth/local-cli';
import { config } from '@/lib/config';
import { isPodiumError, PodiumError, type ErrorKind } from '@/lib/errors';
import { apiRequest, type RequestBody } from './api-client';
import { progressBar } from './progress';

/** The running embedded site, or null: no site (open the database), or server mode. */
export function runningSite(): LocalCliAccess | null {
  const cfg = config();
  if (cfg.mode !== 'embedded') return null;
  return readLocalCliAccess({ dataDir: cfg.dataDir, lockOwner: lockOwner(cfg.dataDir) });
}

export function viaSiteNote(site: LocalCliAccess): string {
  return `(through the running site at ${site.url}, as ${site.email})`;
}

export async function postJson<T>(site: LocalCliAccess, apiPath: string, value: unknown): Promise<T> {
  const bytes = Buffer.from(JSON.stringify(value));
  const body: RequestBody = { length: bytes.length, contentType: 'application/json', pump: (out) => write(out, bytes) };
  const { json } = await apiRequest<T>({ env: { url: site.url, token: site.token }, method: 'POST', path: `/api/v1${apiPath}`, body }).catch(explain);
  return json;
}

/** A refused site token (revoked on the account page, or its organizer demoted or disabled) is renewed by restarting the site. */
export function explain(e: unknown): never {
  if (isPodiumError(e) && (e.kind === 'unauthorized' || e.kind === 'forbidden')) {
    throw new PodiumError(e.code as ErrorKind, `${e.message} (The running site refused the command-line token in DATA_DIR/site.json; restart the site to renew it, or stop it to use the database directly.)`);
  }
  throw e;
}

const STORED = /\.(parquet|zip|gz|jpe?g|png|gif|webp|avif|mp3|mp4|ogg|flac)$/i;
const CHUNK = 1024 * 1024;

/** Zips a task folder into a temp file (already-compressed files stored as they are), with a progress bar. */
export async function zipFolder(folder: string): Promise<{ file: string; cleanup: () => void }> {
  const files: { rel: string; size: number }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push({ rel: path.relative(folder, p).split(path.sep).join('/'), size: fs.statSync(p).size });
    }
  };
  walk(folder);
  const total = files.reduce((n, f) => n + f.size, 0);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-task-'));
  const file = path.join(work, 'task.zip');
  const fd = fs.openSync(file, 'w');
  const progress = progressBar({ total, label: `Packing ${path.basename(folder)}` });
  let packed = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const zip = new Zip((err, chunk, final) => {
        if (err) return reject(err);
        fs.writeSync(fd, chunk);
        if (final) resolve();
      });
      for (const f of files) {
        const entry = STORED.test(f.rel) ? new ZipPassThrough(f.rel) : new ZipDeflate(f.rel, { level: 1 });
        zip.add(entry);
        const src = fs.openSync(path.join(folder, f.rel), 'r');
        const buf = Buffer.allocUnsafe(CHUNK);
        let left = f.size;
        try {
          do {
            const n = fs.readSync(src, buf, 0, Math.min(CHUNK, left), null);
            left -= n;
            packed += n;
            entry.push(buf.subarray(0, n), left <= 0 || n === 0);
            progress.update(packed);
            if (n === 0) break;
          } while (left > 0);
        } finally {
          fs.closeSync(src);
        }
      }
      zip.end();
    });
  } finally {
    fs.closeSync(fd);
    progress.done();
  }
  return { file, cleanup: () => fs.rmSync(work, { recursive: true, force: true }) };
}

/** A raw file body with an upload progress bar. */
export function fileBody(file: string, contentType: string, label: string): RequestBody {
  const size = fs.statSync(file).size;
  return {
    length: size,
    contentType,
    async pump(out) {
      const progress = progressBar({ total: size, label });
      const fh = await fs.promises.open(file, 'r');
      try {
        const buf = Buffer.allocUnsafe(CHUNK);
        let sent = 0;
        while (sent < size) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, size - sent), sent);
          if (bytesRead === 0) break;
          await write(out, Buffer.from(buf.subarray(0, bytesRead)));
          progress.update((sent += bytesRead));
        }
      } finally {
        await fh.close();
        progress.done();
      }
    },
  };
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
}
