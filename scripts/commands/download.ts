import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { PodiumError } from '@/lib/errors';
import { apiEnv, apiRequest, requireToken } from './api-client';
import type { Command } from './types';

const USAGE = 'usage: podium download <challenge>/<task> [--format csv|parquet] [--dest DIR]';

type TaskFile = { name: string; size: number; sha256: string; url: string };

/** Every published file of a task in one format (plus images.zip and sample_submission.csv), each SHA-256 checked. */
export const download: Command = {
  summary: '<challenge>/<task> [--format csv|parquet] [--dest DIR]   download a task\'s files, checking each SHA-256',
  options: { format: { type: 'string' }, dest: { type: 'string' } },
  async run({ values, positionals }) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(positionals[0] ?? '');
    if (!m || positionals.length > 1) throw new PodiumError('bad_request', USAGE);
    const format = (values.format as string | undefined) ?? 'parquet';
    if (format !== 'csv' && format !== 'parquet') throw new PodiumError('bad_request', `--format is csv or parquet (got "${format}"). ${USAGE}`);
    const dest = path.resolve((values.dest as string | undefined) ?? '.');
    const env = apiEnv();
    const token = requireToken(env);
    const [, challenge, task] = m;
    const { json } = await apiRequest<{ files: TaskFile[] }>({
      env,
      method: 'GET',
      path: `/api/v1/challenges/${encodeURIComponent(challenge)}/tasks/${encodeURIComponent(task)}`,
    });
    const other = format === 'csv' ? '.parquet' : '.csv';
    const wanted = json.files.filter((f) => !f.name.endsWith(other) || f.name === 'sample_submission.csv');
    fs.mkdirSync(dest, { recursive: true });
    for (const f of wanted) {
      const target = path.join(dest, f.name);
      if (fs.existsSync(target) && fs.statSync(target).size === f.size && (await sha256Of(target)) === f.sha256) {
        console.log(`${target}  already here (SHA-256 checked)`);
        continue;
      }
      // The file route under PODIUM_URL (not the site's idea of its own host, which a proxy may hide).
      const url = `${env.url}/api/v1/challenges/${encodeURIComponent(challenge)}/tasks/${encodeURIComponent(task)}/files/${encodeURIComponent(f.name)}`;
      await fetchChecked({ file: { ...f, url }, token, target });
      console.log(`${target}  ${f.size.toLocaleString('en')} bytes (SHA-256 checked)`);
    }
  },
};

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Streams one file to `<target>.part`, then renames it into place only if its SHA-256 is the listed one. */
async function fetchChecked({ file, token, target }: { file: TaskFile; token: string; target: string }) {
  let res: Response;
  try {
    res = await fetch(file.url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    throw new PodiumError('internal:network', `GET ${file.url} failed: ${(e as Error).message}`);
  }
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    let message = `${file.url} answered HTTP ${res.status}`;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      /* not JSON */
    }
    throw new PodiumError(res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthorized' : 'internal', message);
  }
  const part = `${target}.part`;
  const hash = crypto.createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as unknown as NodeWebStream<Uint8Array>), tee, fs.createWriteStream(part));
  const got = hash.digest('hex');
  if (got !== file.sha256) {
    fs.rmSync(part, { force: true });
    throw new PodiumError('internal:checksum', `${file.name}: the downloaded bytes have SHA-256 ${got}, the site lists ${file.sha256}; run the download again.`);
  }
  fs.renameSync(part, target);
}
