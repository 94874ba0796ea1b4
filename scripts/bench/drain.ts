/**
 * Queue drain: S submissions of the peer's 1M-row shuffled predictions queued at once on a
 * fresh embedded database (PGlite in memory, blobs in .bench-data/drain), then the real
 * worker (`runWorker`, one loop per scoring thread, as the embedded site runs it) drains
 * them. Prints the wall time, rows/s, rows/s per core (per scoring thread: one thread per
 * core by default), the CPU the process used (threads included) and how many cores that
 * kept busy on average, beside the load average, so a shared machine's load shows.
 *
 *   npx tsx --conditions=react-server scripts/bench/drain.ts [--submissions 200] [--threads <cores>] [--json]
 *
 * The thread count reaches the worker as configuration does everywhere: the bench runs
 * itself again as a child with SCORING_THREADS in the child's environment, read by lib/config.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const count = Number(arg('--submissions') ?? 200);
const threads = Number(arg('--threads') ?? os.availableParallelism());
const rows = 1_000_000;
const root = path.resolve(import.meta.dirname, '../..');

/** CPU seconds of this process's main thread alone (Linux: its task's stat; the scoring threads are other tasks). */
function mainThreadCpuSeconds(): number {
  const stat = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
}

async function main() {
  const { eq, sql } = await import('drizzle-orm');
  const { openDb } = await import('@/db/client');
  const { submissions } = await import('@/db/schema');
  const { createUser } = await import('@/lib/auth/users');
  const { createChallenge } = await import('@/lib/challenges/admin');
  const { getChallengeBySlug } = await import('@/lib/challenges/queries');
  const { LocalBlobStore } = await import('@/lib/storage/local');
  const { importTask } = await import('@/lib/tasks/import-task');
  const { joinChallenge } = await import('@/lib/teams/join');
  const { createSubmission } = await import('@/lib/submissions/create');
  const { runWorker } = await import('@/lib/submissions/worker');
  const { scoringLoops, scoringPool } = await import('@/lib/submissions/scorer');
  const { config } = await import('@/lib/config');
  if (config().SCORING_THREADS !== threads) throw new Error(`SCORING_THREADS is ${config().SCORING_THREADS}, expected ${threads}: run the bench without --child`);

  const data = path.join(root, '.bench-data', `peer-${rows}`);
  if (!fs.existsSync(path.join(data, 'done'))) throw new Error(`run \`npx tsx scripts/bench/peer.ts --rows ${rows}\` first (it writes ${data})`);
  const dir = path.join(root, '.bench-data', 'drain');
  fs.rmSync(dir, { recursive: true, force: true });
  const store = new LocalBlobStore(path.join(dir, 'blobs'));
  const { db, close } = await openDb('memory');
  const t0 = performance.now();
  await createChallenge({
    db,
    input: { slug: 'drain', title: 'Drain', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000), dailySubmissionLimit: 1000 },
  });
  const challenge = await getChallengeBySlug({ db, slug: 'drain' });
  const { taskId } = await importTask({ db, store, challengeId: challenge.id, folder: path.join(data, 'task-csv') });
  const u = await createUser({ db, email: 'drain@example.com', password: 'password1', name: 'Drain' });
  await joinChallenge({ db, challengeId: challenge.id, userId: u.id });
  const pred = path.join(data, `pred_${rows}.csv`);
  const bytes = fs.readFileSync(pred);
  const file = { path: pred, name: 'pred.csv', size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  const caller = { userId: u.id, email: u.email, name: u.name, role: 'participant' as const, via: 'token' as const };
  const first = await createSubmission({ db, store, caller, challenge, taskId, file });
  // The other submissions share the first one's stored file (same bytes; no 200 copies of 17 MB).
  await db.execute(sql`insert into ${submissions} (task_id, team_id, user_id, file_name, size, sha256, storage_key)
    select task_id, team_id, user_id, file_name, size, sha256, storage_key from ${submissions}, generate_series(2, ${count}) where id = ${first.id}`);
  console.log(`set up in ${((performance.now() - t0) / 1000).toFixed(1)} s: task of ${rows.toLocaleString('en')} test rows, ${count} queued submissions; ${threads} scoring threads, ${scoringLoops({ embedded: true })} worker loops`);

  const stop = new AbortController();
  scoringPool().warm(); // threads load the engine before the clock starts
  const load0 = os.loadavg()[0];
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuSeconds();
  const elu0 = nodePerformance.eventLoopUtilization();
  const t1 = performance.now();
  const loops = Array.from({ length: scoringLoops({ embedded: true }) }, () => runWorker({ db, store, signal: stop.signal, idleMs: 20 }));
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const [left] = (await db.select({ n: sql<number>`count(*)::int` }).from(submissions).where(sql`${submissions.status} in ('queued', 'scoring')`)) as Array<{ n: number }>;
    if (Number(left.n) === 0) break;
  }
  const seconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mainCpu = mainThreadCpuSeconds() - main0;
  // The main thread (PGlite, storage reads for the threads, result writes) is one core at most: if it is near 1, it is the limit.
  const mainBusy = nodePerformance.eventLoopUtilization(elu0).utilization;
  stop.abort();
  await Promise.all(loops);
  const scored = await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.status, 'scored'));
  const { lent, probed } = scoringPool().stats;
  await scoringPool().close();
  await close();
  const rowsPerSecond = (scored.length * rows) / seconds;
  const result = {
    submissions: count,
    scored: scored.length,
    threads,
    seconds,
    rowsPerSecond,
    cores: os.availableParallelism(),
    rowsPerSecondPerThread: rowsPerSecond / threads,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    coresBusy: (cpu.user + cpu.system) / 1e6 / seconds,
    rowsPerCpuSecond: (scored.length * rows) / ((cpu.user + cpu.system) / 1e6),
    mainThreadBusy: mainBusy,
    mainThreadCpuSeconds: mainCpu,
    /** Times an idle thread was lent to another job's thread (a job starting while a thread waited for its next job), and how many of those joined to the end. */
    threadsLent: lent,
    lentJoined: probed,
    loadAverageBefore: load0,
    loadAverage: os.loadavg()[0],
  };
  console.log(
    `drained ${scored.length}/${count} submissions of ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s with ${threads} scoring threads on ${result.cores} cores: ` +
      `${Math.round(rowsPerSecond).toLocaleString('en')} rows/s, ${Math.round(rowsPerSecond / threads).toLocaleString('en')} rows/s per thread (core); ` +
      `${result.cpuSeconds.toFixed(1)} CPU-s, ${result.coresBusy.toFixed(2)} cores busy on average (${Math.round(result.rowsPerCpuSecond).toLocaleString('en')} rows per CPU-s); ` +
      `main thread ${mainCpu.toFixed(1)} CPU-s of them (${((mainCpu / (scored.length || 1)) * 1000).toFixed(0)} ms per job), its event loop busy ${(mainBusy * 100).toFixed(0)} % of the time; an idle thread lent to a job ${lent} times; load average ${load0.toFixed(1)} before, ${result.loadAverage.toFixed(1)} after`,
  );
  if (args.includes('--json')) console.log(JSON.stringify({ drain: result }));
}

if (args.includes('--child')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', self, ...args, '--child'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SCORING_THREADS: String(threads) },
  });
  process.exit(run.status ?? 1);
}
