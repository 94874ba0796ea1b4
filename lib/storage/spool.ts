import crypto from 'node:crypto';
import fs from 'node:fs';
import { PodiumError } from '@/lib/errors';

/**
 * Writes an upload's body to a local file as it arrives, stopping with 413 as
 * soon as it passes `maxBytes` (the partial file is removed).
 */
export async function spoolToFile({
  body,
  path,
  maxBytes,
  what = 'file',
}: {
  body: ReadableStream<Uint8Array> | null;
  path: string;
  maxBytes: number;
  what?: string;
}): Promise<{ size: number; sha256: string }> {
  if (!body) throw new PodiumError('bad_request:empty_body', `The request has no ${what}.`);
  const hash = crypto.createHash('sha256');
  const out = fs.createWriteStream(path);
  let size = 0;
  try {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new PodiumError('too_large', `The ${what} is larger than the limit of ${maxBytes.toLocaleString('en')} bytes.`, { limit: maxBytes });
      }
      hash.update(value);
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { size, sha256: hash.digest('hex') };
  } catch (e) {
    out.destroy();
    fs.rmSync(path, { force: true });
    throw e;
  }
}
