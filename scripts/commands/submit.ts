import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { PodiumError } from '@/lib/errors';
import { apiEnv, apiRequest, requireToken, type ApiEnv, type RequestBody } from './api-client';
import { fileToUpload } from './compress';
import { progressBar, type Progress } from './progress';
import type { Command } from './types';

const USAGE = 'usage: podium submit <challenge>/<task> <file> [--description TEXT] [--wait]';
const POLL_MS = 1000;
const WAIT_LIMIT_MS = 10 * 60 * 1000;

type Submission = { id: string; status: string; error?: string | null; public?: Record<string, number> };

export const submit: Command = {
  summary: '<challenge>/<task> <file> [--description TEXT] [--wait]   upload predictions through the API',
  options: { description: { type: 'string' }, wait: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [target, file] = positionals;
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(target ?? '');
    if (!m || !file || positionals.length > 2) throw new PodiumError('bad_request', USAGE);
    const [, challenge, task] = m;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new PodiumError('bad_request:no_file', `${file}: no such file.`);
    const env = apiEnv();
    requireToken(env);

    // A large CSV goes up gzip-compressed; the site unpacks it under the same limits.
    const upload = await fileToUpload(file);
    const size = fs.statSync(upload.path).size;
    const progress = progressBar({ total: size, label: `Uploading ${path.basename(upload.path)}` });
    const body = multipartBody({ file: upload.path, size, description: values.description as string | undefined, progress });
    const { json } = await apiRequest<Submission>({
      env,
      method: 'POST',
      path: `/api/v1/challenges/${encodeURIComponent(challenge)}/tasks/${encodeURIComponent(task)}/submissions`,
      body,
    }).finally(() => {
      progress.done();
      upload.cleanup();
    });

    // With --wait stdout carries only the final JSON, so it can be piped to jq.
    const say = values.wait ? (s: string) => process.stderr.write(`${s}\n`) : (s: string) => console.log(s);
    say(`Submitted ${json.id} (${json.status})`);
    if (!values.wait) return 0;

    const final = await waitForScore(env, json.id);
    if (final.status === 'failed') {
      process.stderr.write(`podium: submission ${final.id} failed: ${final.error ?? 'no reason given'}\n`);
      return 1;
    }
    console.log(JSON.stringify({ id: final.id, status: final.status, public: final.public ?? {} }, null, 2));
    return 0;
  },
};

async function waitForScore(env: ApiEnv, id: string): Promise<Submission> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const { json } = await apiRequest<Submission>({ env, method: 'GET', path: `/api/v1/submissions/${encodeURIComponent(id)}` });
    if (json.status === 'scored' || json.status === 'failed') return json;
    if (Date.now() + POLL_MS > deadline) {
      throw new PodiumError('internal:wait_timeout', `Submission ${id} is still ${json.status} after 10 minutes; check it later with GET /api/v1/submissions/${id}.`);
    }
    await sleep(POLL_MS);
  }
}

const CHUNK = 256 * 1024;
const BUFFERS = 4;

/**
 * A multipart/form-data body read from disk as it is sent: the preamble, the
 * file, the epilogue. Its length is known up front, so the server gets a
 * Content-Length and the progress bar a real total. The file goes through four
 * reused buffers, each refilled only once the socket has taken it, so memory
 * stays flat whatever the file size (fresh chunks would pile up until a GC).
 */
function multipartBody({ file, size, description, progress }: { file: string; size: number; description?: string; progress: Progress }): RequestBody {
  const boundary = `----podium-${crypto.randomBytes(12).toString('hex')}`;
  const fieldPart = description === undefined ? '' : `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n${description}\r\n`;
  const preamble = Buffer.from(
    `${fieldPart}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteName(path.basename(file))}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    length: preamble.length + size + epilogue.length,
    contentType: `multipart/form-data; boundary=${boundary}`,
    async pump(out) {
      await write(out, preamble);
      const fh = await fs.promises.open(file, 'r');
      try {
        const pool = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafe(CHUNK));
        const taken: Promise<void>[] = pool.map(() => Promise.resolve());
        let read = 0;
        let sent = 0;
        for (let i = 0; read < size; i = (i + 1) % BUFFERS) {
          await taken[i];
          const { bytesRead } = await fh.read(pool[i], 0, Math.min(CHUNK, size - read), read);
          if (bytesRead === 0) break;
          read += bytesRead;
          taken[i] = write(out, pool[i].subarray(0, bytesRead)).then(() => progress.update((sent += bytesRead)));
        }
        await Promise.all(taken);
        if (read !== size || (await fh.stat()).size !== size) {
          throw new PodiumError('bad_request:file_changed', `${file} changed size while it was being sent (it had ${size} bytes).`);
        }
      } finally {
        await fh.close();
      }
      await write(out, epilogue);
    },
  };
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
}

/** The escaping browsers use for a file name inside a quoted header parameter. */
function quoteName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
