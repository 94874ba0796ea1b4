/**
 * Leaderboard read benchmark: seeds a fresh PostgreSQL database with 100 teams × 50
 * scored submissions × 10 tasks (50,000 rows, the tasks in one track), starts the built
 * site on it with podium's own server (scripts/server.ts, what `npm run serve` runs in a
 * deployment; `--next-start` uses `next start` instead), and drives, one after the other in
 * the same run, with 50 concurrent clients (autocannon): a trivial route (the framework's
 * ceiling), the task leaderboard API, the task leaderboard page and the track board page,
 * cycling over the 10 tasks, anonymous and signed in as 50 different team members, and the two
 * small requests a board page makes besides (the viewer's own parts, signed in; the board stamp
 * AutoRefresh polls).
 * Targets: API ≥ 500 req/s, p99 < 100 ms; pages ≥ 350 req/s (10× the 35 req/s measured
 * before the shared board render), p99 < 250 ms.
 *
 *   npx tsx --conditions=react-server scripts/bench/leaderboard.ts [--server postgres://…] [--seconds 20] [--build]
 *     [--next-start] [--only name,name] [--cpu-only] [--database URL] [--profile DIR] [--path P]
 *
 * `--server` is a PostgreSQL server URL on which the bench creates and drops its own
 * database (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 * `--database URL` uses that database instead and keeps it (seeded on first use), to
 * re-run quickly. `--only` picks parts by the start of their names (`trivial,task page`).
 * `--cpu-only` prints the CPU per request (one request at a time) and skips the load runs.
 * The site must be built (`next build` into PODIUM_DIST_DIR); `--build` builds first.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
// autocannon ships no types; the part used here is typed below.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import autocannon from 'autocannon';
import { encode } from 'next-auth/jwt';
import { and, eq } from 'drizzle-orm';
import { openDb } from '@/db/client';
import { challenges, submissions, teamMembers, teams, users } from '@/db/schema';
import { createPostgresDatabase } from '@/db/testing';
import { scoredValues, seedChallenge, seedTask, seedTeam, seedTrack, seedUser } from '@/lib/leaderboard/seed-boards';
import { config } from '@/lib/config';

type Result = {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
const run = autocannon as (opts: object) => Promise<Result>;

const TEAMS = 100;
const PER_TEAM = 50;
const TASKS = 10;
const CONNECTIONS = 50;

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const serverUrl = arg('--server') ?? config().TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(arg('--seconds') ?? 20);
const root = path.resolve(import.meta.dirname, '../..');

/** CPU seconds (user + system) used so far by every process in a process group (Linux /proc). */
function groupCpuSeconds(pgid: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) total += (Number(f[11]) + Number(f[12])) / tick;
    } catch {
      /* gone */
    }
  }
  return total;
}

/**
 * CPU milliseconds the site spends per request of a route, one request at a time: unlike
 * req/s, this does not depend on how busy the (shared) machine is.
 */
async function cpuPerRequest(base: string, pgid: number, reqs: { path: string; headers?: Record<string, string> }[], n: number): Promise<number> {
  const get = async (r: { path: string; headers?: Record<string, string> }) => (await fetch(base + r.path, { headers: r.headers })).arrayBuffer();
  for (const r of reqs.slice(0, 10)) await get(r);
  const before = groupCpuSeconds(pgid);
  for (let i = 0; i < n; i++) await get(reqs[i % reqs.length]);
  return ((groupCpuSeconds(pgid) - before) * 1000) / n;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function seed(url: string) {
  const t0 = performance.now();
  const { db, close } = await openDb({ url });
  try {
    const [existing] = await db.select({ id: challenges.id }).from(challenges).where(eq(challenges.slug, 'bench'));
    if (existing) return console.log('using the seeded database as it is');
    const c = await seedChallenge(db, { slug: 'bench', startAt: new Date('2026-01-01T00:00:00Z'), endAt: new Date('2099-01-01T00:00:00Z') });
    const track = await seedTrack(db, c.id, 'all');
    const tasks = [];
    for (let k = 0; k < TASKS; k++) tasks.push(await seedTask(db, { challengeId: c.id, trackId: track.id, slug: `task-${k}`, metric: k % 3 === 2 ? 'log_loss' : 'accuracy' }));
    let rows: ReturnType<typeof scoredValues>[] = [];
    let rng = 42;
    const rand = () => ((rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < TEAMS; i++) {
      const u = await seedUser(db, `bench-${i}@example.org`);
      const team = await seedTeam(db, { challengeId: c.id, name: `team-${String(i).padStart(3, '0')}`, members: [u.id], isBaseline: i === 0 });
      for (const task of tasks) {
        for (let s = 0; s < PER_TEAM; s++) {
          const createdAt = new Date(Date.UTC(2026, 0, 1) + (i * PER_TEAM + s) * 60_000);
          // Scores on a 1e-4 grid, so some teams tie.
          const q = Math.round(rand() * 10_000) / 10_000;
          rows.push(scoredValues({ taskId: task.id, teamId: team.id, userId: u.id, metric: task.metric, publicScore: q, privateScore: Math.round(rand() * 10_000) / 10_000, createdAt }));
          if (rows.length === 1000) {
            await db.insert(submissions).values(rows);
            rows = [];
          }
        }
      }
    }
    if (rows.length) await db.insert(submissions).values(rows);
    console.log(`seeded ${TEAMS} teams × ${PER_TEAM} submissions × ${TASKS} tasks = ${TEAMS * PER_TEAM * TASKS} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await close();
  }
}

/** Session cookies of `n` team members (next-auth JWTs signed with the site's secret), as their browsers send them. */
async function memberCookies(url: string, secret: string, n: number): Promise<string[]> {
  const { db, close } = await openDb({ url });
  try {
    const members = await db
      .select({ id: users.id, sv: users.sessionVersion })
      .from(users)
      .innerJoin(teamMembers, eq(teamMembers.userId, users.id))
      .innerJoin(teams, and(eq(teams.id, teamMembers.teamId), eq(teams.isBaseline, false)))
      .orderBy(users.email)
      .limit(n);
    return Promise.all(members.map(async (m) => `next-auth.session-token=${await encode({ token: { uid: m.id, sv: m.sv }, secret })}`));
  } finally {
    await close();
  }
}

type Req = { method: string; path: string; headers?: Record<string, string> };

async function main() {
  if (args.includes('--build')) execFileSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit' });
  // PODIUM_DIST_DIR picks the build (e.g. the browser tests' .next-e2e), as for `next start`.
  const dist = config().PODIUM_DIST_DIR;
  if (!fs.existsSync(path.join(root, dist, 'BUILD_ID'))) throw new Error(`The site is not built in ${dist}: run \`npx next build\` first, or pass --build.`);
  const given = arg('--database');
  const database = given ? { url: given, drop: async () => {} } : await createPostgresDatabase(serverUrl);
  const port = await freePort();
  const nextStart = args.includes('--next-start');
  const secret = crypto.randomBytes(24).toString('hex');
  let server: ReturnType<typeof spawn> | undefined;
  const logFile = path.join(os.tmpdir(), `podium-bench-site-${process.pid}.log`);
  const logFd = fs.openSync(logFile, 'w');
  const siteLog = () => {
    const text = fs.readFileSync(logFile, 'utf8');
    return text.slice(-3000);
  };
  try {
    await seed(database.url);
    const cookies = await memberCookies(database.url, secret, CONNECTIONS);
    // --profile DIR: a CPU profile of the site for the run (node --cpu-prof), to see where a request's time goes.
    const profile = arg('--profile');
    const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
    // podium's server is what a deployment runs (`npm run serve` → scripts/start.ts → scripts/server.ts, without
    // the react-server condition); `next start` is Next's own.
    const command = nextStart
      ? [...nodeArgs, path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)]
      : [...nodeArgs, '--import', path.join(root, 'node_modules/tsx/dist/loader.mjs'), path.join(root, 'scripts/server.ts')];
    server = spawn(process.execPath, command, {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        NEXTAUTH_SECRET: secret,
        NODE_ENV: 'production',
        EMBEDDED_WORKER: 'false',
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_TRUST_HOST: 'true',
      },
      // The site's log (one line per request, as in a deployment) goes to a file, read back only on failure.
      stdio: ['ignore', logFd, logFd],
      detached: true,
    });
    const base = `http://127.0.0.1:${port}`;
    const first = `${base}/api/v1/challenges/bench/tasks/task-0/leaderboard`;
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`the site exited:\n${siteLog()}`);
      const ok = await fetch(first).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 600) throw new Error(`The site did not answer in 60 s:\n${siteLog()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const sample = await (await fetch(first)).json();
    console.log(`server: ${nextStart ? 'next start' : 'scripts/server.ts (npm run serve)'}; board rows: ${sample.rows.length}; first: ${JSON.stringify(sample.rows[0])}`);
    const only = arg('--path'); // e.g. one route alone
    const tasksOf = (f: (k: number) => string) => Array.from({ length: TASKS }, (_, k): Req => ({ method: 'GET', path: f(k) }));
    // Signed in: each of the 50 connections is a different team member (their own row marked, their history drawn).
    const signedIn = (reqs: Req[]) => cookies.flatMap((cookie, i) => ({ ...reqs[i % reqs.length], headers: { cookie } }));
    const taskPages = tasksOf((k) => `/challenges/bench/tasks/task-${k}/leaderboard`);
    const trackPage: Req[] = [{ method: 'GET', path: '/challenges/bench/tracks/all' }];
    let parts: { name: string; requests: Req[]; minRps: number; maxP99: number; seconds: number }[] = only
      ? [{ name: only, requests: [{ method: 'GET', path: only }], minRps: 0, maxP99: Infinity, seconds }]
      : [
          // The framework's own ceiling on this machine right now: a route that answers 401 without touching the database.
          { name: 'trivial route (GET /api/v1/challenges → 401)', requests: [{ method: 'GET', path: '/api/v1/challenges' }], minRps: 0, maxP99: Infinity, seconds: Math.min(seconds, 10) },
          { name: 'task leaderboard API', requests: tasksOf((k) => `/api/v1/challenges/bench/tasks/task-${k}/leaderboard`), minRps: 500, maxP99: 100, seconds },
          { name: 'task leaderboard page', requests: taskPages, minRps: 350, maxP99: 250, seconds },
          { name: 'track board page', requests: trackPage, minRps: 350, maxP99: 250, seconds },
          { name: 'task leaderboard page, signed in', requests: signedIn(taskPages), minRps: 350, maxP99: 250, seconds },
          { name: 'track board page, signed in', requests: signedIn(trackPage), minRps: 350, maxP99: 250, seconds },
          // What a signed-in board page asks for after load (its own row, notice and history: lib/leaderboard/viewer-parts.ts),
          // and what every open board page polls every 5 s (AutoRefresh).
          { name: 'own parts API, signed in', requests: signedIn(tasksOf((k) => `/api/v1/challenges/bench/me?task=task-${k}`)), minRps: 0, maxP99: Infinity, seconds },
          { name: 'board stamp API', requests: [{ method: 'GET', path: '/api/v1/challenges/bench/board-version' }], minRps: 0, maxP99: Infinity, seconds: Math.min(seconds, 10) },
        ];
    const picked = arg('--only')?.split(',').map((x) => x.trim().toLowerCase());
    if (picked) parts = parts.filter((p) => picked.some((x) => p.name.toLowerCase().startsWith(x) || p.name.toLowerCase().includes(x)));
    const sizes = await Promise.all(
      parts.map(async (p) => {
        const r = p.requests[0];
        return `${p.name} ${((await (await fetch(base + r.path, { headers: r.headers })).arrayBuffer()).byteLength / 1024).toFixed(0)} KB`;
      }),
    );
    console.log(`response sizes (uncompressed): ${sizes.join('; ')}`);
    for (const p of parts) await run({ url: base, connections: CONNECTIONS, duration: 3, requests: p.requests }); // warm-up
    const cpu: Record<string, number> = {};
    if (server.pid && fs.existsSync('/proc/self/stat')) {
      for (const p of parts) cpu[p.name] = await cpuPerRequest(base, server.pid, p.requests, 100);
      console.log(`CPU per request, one at a time (100 requests each): ${Object.entries(cpu).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join('; ')}`);
    }
    if (args.includes('--cpu-only')) return;
    const results: Record<string, { reqPerSec: number; p50: number; p99: number; non2xx: number; errors: number; pass: boolean; target: string; cpuMs?: number }> = {};
    for (const p of parts) {
      const r = await run({ url: base, connections: CONNECTIONS, duration: p.seconds, requests: p.requests });
      const pass = r.requests.average >= p.minRps && r.latency.p99 < p.maxP99 && (r.non2xx === 0 || !p.minRps) && r.errors === 0;
      const target = p.minRps ? `≥ ${p.minRps} req/s, p99 < ${p.maxP99} ms` : 'the ceiling';
      results[p.name] = { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, pass, target, cpuMs: cpu[p.name] };
      console.log(
        `${p.name}, ${CONNECTIONS} connections, ${p.seconds} s: ${r.requests.average.toFixed(0)} req/s (${r.requests.total} requests), ` +
          `latency avg ${r.latency.average.toFixed(1)} ms, p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; ` +
          `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}` +
          (p.minRps ? ` → ${pass ? 'PASS' : 'FAIL'} (target ${target})` : ''),
      );
      if (server.exitCode !== null || r.errors > 0) console.error(`the site failed during the run (exit ${server.exitCode}):\n${siteLog()}`);
    }
    console.log(`load average at the end: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    const pass = Object.values(results).every((r) => r.pass);
    // --json: one last line for scripts/bench/index.ts to read.
    if (args.includes('--json')) console.log(JSON.stringify({ leaderboard: results }));
    process.exitCode = pass ? 0 : 1;
  } finally {
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await database.drop();
    fs.closeSync(logFd);
    fs.rmSync(logFile, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
