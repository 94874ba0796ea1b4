import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** What a test needs to reach a real S3-compatible server it started itself. */
export interface TestS3Server {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = `
import S3rver from 's3rver';
const [directory, bucket] = process.argv.slice(1);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
console.log(JSON.stringify({ port }));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
`;

/**
 * Starts s3rver on a free localhost port with its files in a fresh temp folder. It runs in its own
 * process, as a real S3 would, so the test process's memory shows only the client's share.
 * s3rver checks signatures against its fixed `S3RVER` credentials, so requests are signed for real.
 */
export async function startTestS3Server(bucket = 'podium-test'): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'podium-s3rver-'));
  // The cwd is the repo root so the child resolves `s3rver` from the project's node_modules.
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER_SCRIPT, directory, bucket], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const firstLine = (async () => {
    for await (const line of createInterface({ input: child.stdout })) return line;
    throw new Error('s3rver exited before reporting its port.');
  })();
  let port: number;
  try {
    port = (JSON.parse(await firstLine) as { port: number }).port;
  } catch (e) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw e;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
