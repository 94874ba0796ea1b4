/**
 * Processes starting together on PostgreSQL: migrations run under an advisory
 * lock (four processes at once on an empty database all succeed), and an
 * unreachable server is retried with backoff, saying what is awaited.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { config } from '@/lib/config';
import { openDb, waitForPostgres } from './client';
import { createPostgresDatabase } from './testing';

const serverUrl = config().TEST_DATABASE_URL;
const root = path.resolve(__dirname, '..');

function openInChild(url: string): Promise<{ code: number | null; out: string }> {
  const script = `import { openDb } from './db/client.ts'; const o = await openDb({ url: ${JSON.stringify(url)}, max: 2 }); await o.close(); console.log('migrated');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((r) => child.once('exit', (code) => r({ code, out })));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!serverUrl)('PostgreSQL at start', () => {
  it('four processes started at once migrate an empty database without a race', async () => {
    const { url, drop } = await createPostgresDatabase(serverUrl!);
    try {
      const results = await Promise.all([1, 2, 3, 4].map(() => openInChild(url)));
      for (const r of results) {
        expect(r.out).toContain('migrated');
        expect(r.code, r.out).toBe(0);
      }
      const o = await openDb({ url, max: 1 }, { migrate: false });
      const rows = (await o.db.execute('select count(*)::int as n from drizzle.__drizzle_migrations' as never)) as unknown as { n: number }[];
      await o.close();
      const fs = await import('node:fs');
      const journal = JSON.parse(fs.readFileSync(path.join(root, 'db/migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(rows[0].n).toBe(journal.entries.length); // each migration applied once
    } finally {
      await drop();
    }
  }, 120_000);
});

describe('an unreachable database at start', () => {
  it('is retried with backoff, naming what it waits for, then fails with a message', async () => {
    const port = await closedPort();
    const waits: { target: string; retryInSeconds: number }[] = [];
    const started = Date.now();
    await expect(waitForPostgres(`postgres://u:secret@127.0.0.1:${port}/podium`, 2, (w) => waits.push(w))).rejects.toThrow(
      new RegExp(`cannot reach PostgreSQL at 127.0.0.1:${port}/podium .*after waiting 2 s \\(DATABASE_WAIT_SECONDS\\)`),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.map((w) => w.retryInSeconds).slice(0, 2)).toEqual([0.5, 1]);
    expect(waits[0].target).not.toContain('secret');
  });

  it.skipIf(!serverUrl)('goes on as soon as the server answers', async () => {
    const target = new URL(serverUrl!);
    const port = await closedPort();
    const relayed = new URL(serverUrl!);
    relayed.host = `127.0.0.1:${port}`;
    const waits: unknown[] = [];
    // The "server" comes up 1.2 s after the process started waiting.
    let relay: net.Server | undefined;
    setTimeout(() => {
      relay = net
        .createServer((c) => {
          const up = net.connect(Number(target.port || 5432), target.hostname);
          c.on('error', () => {});
          up.on('error', () => {});
          c.pipe(up).pipe(c);
        })
        .listen(port, '127.0.0.1');
    }, 1200);
    try {
      await waitForPostgres(relayed.toString(), 30, (w) => waits.push(w));
      expect(waits.length).toBeGreaterThanOrEqual(1);
    } finally {
      relay?.close();
    }
  });
});
