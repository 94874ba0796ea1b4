/**
 * Upload benchmark: a 1M-row k=50 prediction file goes through the running site
 * (embedded PGlite, worker in the web process) and is timed from the first byte of
 * the upload to its row on the task leaderboard. Target: ≤ 2 s in all, for a file in
 * test order and for the same predictions shuffled (every id lookup a random one).
 *
 *   npx tsx scripts/bench/upload.ts [--rows 1000000] [--site-dir DIR] [--json]
 *
 * On a fresh DATA_DIR=.bench-data/site it runs the `podium` CLI (two users, challenge,
 * task, tokens: the site must be stopped, the embedded database is locked by it), then
 * starts the site through scripts/start.ts into PODIUM_DIST_DIR=.next-bench (built
 * when the sources changed); each user joins as its own team and uploads one file (test
 * order, then shuffled), so each upload is timed until its own team's row is on the
 * board. Prints both, with the site process's CPU seconds and the load average.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataDir, generate, K } from './scoring';

const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

export interface BenchTask {
  folder: string;
  slug: string;
  /** The submission, rows in test order: id,label. */
  predictions: string;
  /** The same rows shuffled. */
  shuffled: string;
  /** The hidden labels (id,label), for a peer that reads them from disk. */
  labels: string;
}

/**
 * A k=50 classification task folder with `rows` test rows, built from the scoring
 * bench's data: test_labels is its key.csv, test holds the ids only (the smallest valid
 * test file, so the figure is the cost of scoring, not of features), train has 4 rows
 * per class.
 */
export async function benchTaskFolder(rows: number): Promise<BenchTask> {
  await generate(rows);
  const source = dataDir(rows);
  const slug = `k${K}-${rows}`;
  const folder = path.resolve('.bench-data', `task-${rows}`);
  const task: BenchTask = { folder, slug, predictions: path.join(source, 'pred.csv'), shuffled: path.join(source, 'pred-shuffled.csv'), labels: path.join(folder, 'test_labels.csv') };
  if (fs.existsSync(path.join(folder, 'task.json'))) return task;
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(source, 'key.csv'), task.labels);
  const key = fs.readFileSync(task.labels, 'latin1');
  const test = fs.openSync(path.join(folder, 'test.csv'), 'w');
  fs.writeSync(test, 'id\n');
  // Every key line is "id<9 digits>,class_NN": cut the ids out in big slices.
  const lines = key.slice(key.indexOf('\n') + 1).split('\n').filter(Boolean);
  for (let i = 0; i < lines.length; i += 500_000) {
    fs.writeSync(test, lines.slice(i, i + 500_000).map((l) => l.slice(0, l.indexOf(','))).join('\n') + '\n');
  }
  fs.closeSync(test);
  let train = 'id,label\n';
  for (let i = 0; i < K * 4; i++) train += `tr${String(i).padStart(6, '0')},class_${String(i % K).padStart(2, '0')}\n`;
  fs.writeFileSync(path.join(folder, 'train.csv'), train);
  const json = { slug, title: `k=${K}, ${rows.toLocaleString('en')} test rows`, type: 'classification', track: 'bench', metric: 'accuracy', columns: { id: 'id', label: 'target' }, public_fraction: 0.3 };
  // task.json last: its presence marks a complete folder.
  fs.writeFileSync(path.join(folder, 'task.json'), JSON.stringify(json, null, 2));
  return task;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface UploadResult {
  order: 'test order' | 'shuffled';
  rows: number;
  bytes: number;
  uploadSeconds: number;
  scoredSeconds: number;
  onBoardSeconds: number;
  /** CPU seconds of the site's process (scoring threads included) from the upload to the board. */
  cpuSeconds: number;
  accuracy: number;
  loadAverage: string;
  /** From the site's log: the upload request's own time, when the worker claimed the job, and each phase of the job (ms). */
  breakdown?: Breakdown;
}

export interface Breakdown {
  uploadHandlerMs?: number;
  claimedAtMs?: number;
  phases?: Record<string, number>;
}

/** The site's JSON log lines about one submission: the upload request's duration, the claim, the job's phase timings. */
function jobBreakdown(log: string, id: string, startEpoch: number): Breakdown | undefined {
  const out: Breakdown = {};
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e: { msg?: string; submission?: string; time?: string | number; ms?: number | Record<string, number>; method?: string; path?: string };
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.msg === 'request' && e.method === 'POST' && e.path?.endsWith('/submissions') && typeof e.ms === 'number') out.uploadHandlerMs = e.ms;
    if (e.submission !== id) continue;
    if (e.msg === 'claimed') out.claimedAtMs = new Date(e.time!).getTime() - startEpoch;
    if (e.msg === 'job timings' && typeof e.ms === 'object') out.phases = e.ms;
  }
  return out.claimedAtMs === undefined && !out.phases ? undefined : out;
}

const breakdownLine = (b: Breakdown) =>
  [
    b.uploadHandlerMs !== undefined ? `upload handler ${b.uploadHandlerMs} ms` : '',
    b.claimedAtMs !== undefined ? `claimed at ${b.claimedAtMs} ms` : '',
    b.phases ? `job: ${Object.entries(b.phases).map(([k, v]) => `${k} ${v}`).join(', ')} ms` : '',
  ]
    .filter(Boolean)
    .join('; ');

const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** User + system CPU seconds of every live process in the site's process group (start.ts, the server, its threads). */
function siteCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100; // USER_HZ
}

async function main(): Promise<void> {
  const rows = Number(arg('--rows') ?? 1_000_000);
  const task = await benchTaskFolder(rows);
  // --site-dir: a data folder of this checkout's own (the shared .bench-data is never cleared by another's run).
  const dataDirPath = path.resolve(arg('--site-dir') ?? path.join('.bench-data', 'site'));
  fs.rmSync(dataDirPath, { recursive: true, force: true });
  const port = await freePort();
  // JSON log lines at debug level: the worker's claim and per-phase timings of each job (the breakdown printed below).
  const env = { ...process.env, DATA_DIR: dataDirPath, PODIUM_DIST_DIR: '.next-bench', SEED_DEMO: 'false', PORT: String(port), LOG_LEVEL: 'debug', LOG_FORMAT: 'json' };
  const podium = (...a: string[]) => execFileSync(process.execPath, [path.join(root, 'scripts/podium.mjs'), ...a], { cwd: root, env, encoding: 'utf8' });
  const t0 = performance.now();
  podium('user', 'add', 'bench@x.io', '--organizer', '--password', 'benchpass1');
  podium('challenge', 'add', 'bench');
  podium('task', 'add', task.folder, '--challenge', 'bench');
  const token = podium('token', 'add', 'bench@x.io').trim().split('\n').pop()!.trim();
  podium('user', 'add', 'bench2@x.io', '--password', 'benchpass2');
  const token2 = podium('token', 'add', 'bench2@x.io').trim().split('\n').pop()!.trim();
  console.log(`fresh site data in ${path.relative(root, dataDirPath)}: accounts, challenge, task ${task.slug} (${rows.toLocaleString('en')} test rows), tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  let site: ChildProcess | undefined;
  let log = '';
  try {
    const t1 = performance.now();
    site = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    site.stdout!.on('data', (d) => (log += d));
    site.stderr!.on('data', (d) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (site.exitCode !== null) throw new Error(`the site exited:\n${log.slice(-3000)}`);
      if (await fetch(`${base}/api/v1/challenges`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.ok, () => false)) break;
      if (i > 6000) throw new Error(`the site did not answer in 10 min:\n${log.slice(-3000)}`);
      await sleep(100);
    }
    console.log(`site up on port ${port} in ${((performance.now() - t1) / 1000).toFixed(1)} s${log.includes('building') ? ' (built .next-bench first)' : ''}`);
    const taskPath = `${base}/api/v1/challenges/bench/tasks/${task.slug}`;
    const results: UploadResult[] = [];
    const runs = [
      { order: 'test order' as const, file: task.predictions, token },
      { order: 'shuffled' as const, file: task.shuffled, token: token2 },
    ];
    for (const run of runs) {
      const auth = { authorization: `Bearer ${run.token}` };
      const join = await fetch(`${base}/api/v1/challenges/bench/join`, { method: 'POST', headers: auth });
      if (!join.ok) throw new Error(`join answered ${join.status}: ${await join.text()}`);
      const { team } = (await join.json()) as { team?: string };
      const bytes = fs.statSync(run.file).size;
      const form = new FormData();
      form.set('file', new Blob([fs.readFileSync(run.file)], { type: 'text/csv' }), 'pred.csv');
      const cpu0 = siteCpuSeconds(site.pid!);
      const startEpoch = Date.now();
      const start = performance.now();
      const posted = await fetch(`${taskPath}/submissions`, { method: 'POST', headers: auth, body: form });
      const uploadSeconds = (performance.now() - start) / 1000;
      const body = (await posted.json()) as { id: string; status: string; team: string };
      if (posted.status !== 202) throw new Error(`upload answered ${posted.status}: ${JSON.stringify(body)}`);
      const teamName = team ?? body.team;
      let accuracy = NaN;
      for (;;) {
        const s = (await (await fetch(`${base}/api/v1/submissions/${body.id}`, { headers: auth })).json()) as { status: string; error?: unknown; public?: Record<string, number> };
        if (s.status === 'failed') throw new Error(`scoring failed: ${JSON.stringify(s.error)}`);
        if (s.status === 'scored') {
          accuracy = s.public?.accuracy ?? NaN;
          break;
        }
        if (performance.now() - start > 600_000) throw new Error(`not scored after 10 min:\n${log.slice(-3000)}`);
        await sleep(10);
      }
      const scoredSeconds = (performance.now() - start) / 1000;
      for (;;) {
        const b = (await (await fetch(`${taskPath}/leaderboard`, { headers: auth })).json()) as { rows: { team: string }[] };
        if (b.rows.some((r) => r.team === teamName)) break;
        if (performance.now() - start > 600_000) throw new Error(`team ${teamName} not on the leaderboard after 10 min`);
        await sleep(10);
      }
      const onBoardSeconds = (performance.now() - start) / 1000;
      const cpuSeconds = siteCpuSeconds(site.pid!) - cpu0;
      const breakdown = jobBreakdown(log, body.id, startEpoch);
      const r: UploadResult = { order: run.order, rows, bytes, uploadSeconds, scoredSeconds, onBoardSeconds, cpuSeconds, accuracy, loadAverage: loadAverage(), breakdown };
      results.push(r);
      console.log(
        `${rows.toLocaleString('en')} rows ${run.order} (${(bytes / 1e6).toFixed(1)} MB CSV): upload answered 202 in ${uploadSeconds.toFixed(2)} s, ` +
          `scored at ${scoredSeconds.toFixed(2)} s, on the leaderboard at ${onBoardSeconds.toFixed(2)} s ` +
          `(site CPU ${cpuSeconds.toFixed(2)} s; public accuracy ${accuracy.toFixed(6)}) → ${onBoardSeconds <= 2 ? 'PASS' : 'FAIL'} (target ≤ 2 s); load average ${r.loadAverage}`,
      );
      if (breakdown) console.log(`  ${breakdownLine(breakdown)}`);
    }
    if (args.includes('--json')) console.log(JSON.stringify({ upload: results }));
  } finally {
    if (site?.pid && site.exitCode === null) {
      process.kill(-site.pid, 'SIGTERM');
      for (let i = 0; i < 100 && site.exitCode === null; i++) await sleep(100);
      if (site.exitCode === null) process.kill(-site.pid, 'SIGKILL');
    }
  }
}

// Run only as a script: index.ts imports benchTaskFolder() from here.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
