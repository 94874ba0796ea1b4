/**
 * Starting podium's processes the way an operator does (`npm run serve`,
 * `npm run worker`), each in its own process group, from the `.next-e2e`
 * build that e2e/global-setup.ts made. The pid kept is npm's, so stopping
 * tests the documented command, not an inner process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type Proc = { name: string; child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** `npm run <script>` with `env` on top of a clean base (no DATABASE_URL unless given). */
export function npmRun(name: string, script: 'serve' | 'worker' | 'start', env: Record<string, string>): Proc {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PODIUM_DIST_DIR: '.next-e2e', NEXT_TELEMETRY_DISABLED: '1' };
  delete base.DATABASE_URL;
  delete base.NODE_OPTIONS;
  const child = spawn('npm', ['run', '--silent', script], { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { name, child, output: () => out, exited };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, procs: Proc[] = []): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const p of procs) {
      if (p.child.exitCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode}) while waiting for ${what}:\n${p.output()}`);
    }
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}.\n${procs.map((p) => `--- ${p.name}\n${p.output()}`).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function waitHealthy(baseUrl: string, procs: Proc[], timeoutMs = 90_000) {
  await waitFor(`${baseUrl}/api/health`, async () => ((await fetch(`${baseUrl}/api/health`)).status === 200 ? true : undefined), timeoutMs, procs);
}

/** Is anything left in the process group npm led? */
export function groupAlive(p: Proc): boolean {
  try {
    process.kill(-p.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** Last resort for a failed test: never leave a process group behind. */
export function killGroup(p: Proc) {
  try {
    process.kill(-p.child.pid!, 'SIGKILL');
  } catch {
    /* gone */
  }
  p.child.stdout?.destroy();
  p.child.stderr?.destroy();
}

export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
