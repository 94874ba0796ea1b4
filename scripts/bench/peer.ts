/**
 * podium against the shared DuckDB peer (peer/duckdb-score.mjs, a verbatim copy of
 * ../shared/bench/duckdb_score.mjs) on the peer's own data (peer/gen.cjs: k = 50 skewed
 * classes, predictions **shuffled**, ~30 % wrong), CSV and Parquet predictions:
 *
 * - whole process: `podium score <task folder> pred_N.<fmt>` from start to exit vs
 *   `node duckdb-score.mjs truth_N.<fmt> pred_N.<fmt>`, alternating, median of --repeat,
 *   wall time and peak RSS by GNU time. The task folder's test_labels is truth_N (the
 *   Parquet folder has test + test_labels as Parquet too, so both tools read the same format);
 * - key loaded: in a fresh process, the answer key already loaded, the worker's path
 *   (`ScoringPool` with a thread per core as the site runs it, every thread holding the key,
 *   the file read by byte range as from storage; an idle thread helps the job) and the
 *   in-process `scoreSubmission`, vs DuckDB with truth already in a table running the
 *   peer's query on the predictions file; shuffled rows and rows in test order
 *   (`pred_N_ordered.*`, the same rows sorted by id). Each in its own process, for its own peak RSS.
 *
 *   npx tsx scripts/bench/peer.ts [--rows 1000000,10000000] [--repeat 3] [--formats csv,parquet] [--warm] [--json]
 *
 * --warm: in the key-loaded children, each tool does the measured work once untimed first (our
 * threads then run compiled code, as in a worker that has scored before; DuckDB runs its query twice).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const here = path.join(root, 'scripts/bench/peer');
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

export type PeerRow = { what: string; ours: number; duckdb: number; oursCpu: number; duckdbCpu: number; oursRssMB: number; duckdbRssMB: number; target: number };

function dataDir(rows: number) {
  return path.join(root, '.bench-data', `peer-${rows}`);
}

/** The peer's files, their Parquet copies (DuckDB, as ../shared/bench/to_parquet.js writes them) and two task folders. */
async function prepare(rows: number): Promise<string> {
  const dir = dataDir(rows);
  if (existsSync(path.join(dir, 'done'))) {
    await prepareOrdered(dir, rows);
    return dir;
  }
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [path.join(here, 'gen.cjs'), String(rows), dir], { stdio: 'ignore' });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const csv = (f: string) => `read_csv('${f}', header=true, auto_detect=false, delim=',', quote='', columns={'id':'VARCHAR','label':'VARCHAR'})`;
  const to = (sql: string, file: string) => con.run(`COPY (${sql}) TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`);
  for (const kind of ['truth', 'pred']) await to(`SELECT * FROM ${csv(path.join(dir, `${kind}_${rows}.csv`))}`, path.join(dir, `${kind}_${rows}.parquet`));
  const train = ['id,label', ...Array.from({ length: 100 }, (_, i) => `tr${i},class_${i % 50}`)].join('\n') + '\n';
  for (const fmt of ['csv', 'parquet']) {
    const folder = path.join(dir, `task-${fmt}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'train.csv'), train);
    const truth = fmt === 'csv' ? csv(path.join(dir, `truth_${rows}.csv`)) : `read_parquet('${path.join(dir, `truth_${rows}.parquet`)}')`;
    if (fmt === 'csv') {
      await con.run(`COPY (SELECT * FROM ${truth}) TO '${path.join(folder, 'test_labels.csv')}' (HEADER, DELIMITER ',')`);
      await con.run(`COPY (SELECT id FROM ${truth}) TO '${path.join(folder, 'test.csv')}' (HEADER, DELIMITER ',')`);
    } else {
      await to(`SELECT * FROM ${truth}`, path.join(folder, 'test_labels.parquet'));
      await to(`SELECT id FROM ${truth}`, path.join(folder, 'test.parquet'));
    }
    const task = { slug: `peer-${rows}`, title: 'the DuckDB peer', type: 'classification', track: 'bench', metric: 'accuracy', columns: { id: 'id', label: 'target' }, public_fraction: 0.3 };
    writeFileSync(path.join(folder, 'task.json'), JSON.stringify(task, null, 2));
  }
  writeFileSync(path.join(dir, 'done'), '');
  await prepareOrdered(dir, rows);
  return dir;
}

/** The same predictions with rows in test order (`pred_N_ordered.*`), for the key-loaded figures in test order. */
async function prepareOrdered(dir: string, rows: number): Promise<void> {
  if (existsSync(path.join(dir, 'ordered-done'))) return;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const pred = `read_csv('${path.join(dir, `pred_${rows}.csv`)}', header=true, auto_detect=false, delim=',', quote='', columns={'id':'VARCHAR','label':'VARCHAR'})`;
  await con.run(`COPY (SELECT * FROM ${pred} ORDER BY id) TO '${path.join(dir, `pred_${rows}_ordered.csv`)}' (HEADER, DELIMITER ',')`);
  await con.run(`COPY (SELECT * FROM ${pred} ORDER BY id) TO '${path.join(dir, `pred_${rows}_ordered.parquet`)}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`);
  writeFileSync(path.join(dir, 'ordered-done'), '');
}

/** Wall seconds, CPU seconds (user + system, all threads and children) and peak RSS of a whole command, by GNU time. */
function timed(command: string[]): { seconds: number; cpu: number; rssMB: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '\n@@time %e %M %U %S', ...command], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /@@time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${command.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), cpu: Number(m[3]) + Number(m[4]), rssMB: Math.round(Number(m[2]) / 1024), stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tsx = ['--conditions=react-server', '--import', 'tsx'];

/** One key-loaded measurement in this (child) process; prints {seconds, rssMB, accuracy}. */
async function child(mode: string, rows: number, fmt: string, order: string, warmRun: boolean): Promise<void> {
  const dir = dataDir(rows);
  const pred = path.join(dir, order === 'ordered' ? `pred_${rows}_ordered.${fmt}` : `pred_${rows}.${fmt}`);
  /** The measured work; returns the accuracy. */
  let run: () => Promise<number>;
  let done = async () => {};
  /** Untimed, before each run. */
  let before = async () => {};
  /** Threads that helped the job to its end (the worker's path). */
  let lent = () => 0;
  /** Each pool thread's warm-up at its start (untimed, as in the worker). */
  let warmUpMs: number[] = [];
  if (mode === 'duckdb') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const src = (f: string) => (f.endsWith('.parquet') ? `read_parquet('${f}')` : `read_csv('${f}', header=true, auto_detect=false, delim=',', columns={'id':'VARCHAR','label':'VARCHAR'})`);
    await con.run(`CREATE TABLE truth AS SELECT * FROM ${src(path.join(dir, `truth_${rows}.${fmt}`))}`);
    // The peer's query (duckdb-score.mjs) with the truth already in a table.
    run = async () => {
      await con.run(`CREATE OR REPLACE TEMP TABLE cm AS SELECT t.label AS y, p.label AS yhat, (t.id IS NULL) AS unk, (p.id IS NULL) AS miss, count(*)::BIGINT AS c
        FROM truth t FULL OUTER JOIN ${src(pred)} p ON t.id = p.id GROUP BY ALL`);
      const q = await con.runAndReadAll(`WITH m AS (SELECT y, yhat, c FROM cm WHERE NOT unk AND NOT miss)
        SELECT (SELECT coalesce(sum(c), 0) FROM cm WHERE unk) AS unknown, (SELECT coalesce(sum(c), 0) FROM cm WHERE miss) AS missing,
          (SELECT sum(c) FILTER (WHERE y = yhat)::DOUBLE / sum(c) FROM m) AS accuracy`);
      return Number(q.getRowObjects()[0].accuracy);
    };
  } else {
    const { answerKeyFromFolder } = await import('@/lib/tasks/answer-key-from-folder');
    const { loadAnswerKey, serializeAnswerKey } = await import('@/lib/scoring/answer-key');
    const key = loadAnswerKey(serializeAnswerKey(await answerKeyFromFolder(path.join(dir, `task-${fmt}`))));
    // Loaded as the worker's thread holds it: with the join's index (built once per key, pool/thread.ts).
    (await import('@/lib/scoring/partitioned-index')).partitionedIndex(key.idColumns[0]);
    if (mode === 'ours-thread') {
      const { ScoringPool } = await import('@/lib/scoring/pool');
      const { answerKeyBytes } = await import('@/lib/scoring/answer-key');
      const { open, stat } = await import('node:fs/promises');
      const size = (await stat(pred)).size;
      const fh = await open(pred, 'r');
      const source = {
        size,
        async read(start: number, end: number) {
          const buf = new Uint8Array(end - start);
          const { bytesRead } = await fh.read(buf, 0, buf.length, start);
          return buf.subarray(0, bytesRead);
        },
      };
      // The pool's start, as the worker's (scripts/worker.ts warms the pool at process start): threads started and
      // warmed up (pool/warm-up.ts: a small synthetic job on every path), before the key is loaded and untimed.
      const pool = new ScoringPool({ threads: os.availableParallelism(), memoryMb: 2048 });
      await pool.ready();
      warmUpMs = pool.warmUpMs;
      // Warm the threads (their start and the key's load are paid once per process, not per submission):
      // one job first (its thread builds the key's index and shares it), then one on every thread at once.
      const tiny = { size: 0, read: async () => new Uint8Array(0) };
      const warm = () => pool.score({ keyHash: key.hash!, keyBytes: answerKeyBytes(key), source: tiny, fileName: 'warm.csv' }).catch(() => null);
      await warm();
      await Promise.all(Array.from({ length: pool.options.threads }, warm));
      run = async () => (await pool.score({ keyHash: key.hash!, keyBytes: answerKeyBytes(key), source, fileName: path.basename(pred) })).all.accuracy;
      lent = () => pool.stats.probed;
      // A submission comes to an idle worker: its other threads have had no job for a while, so the pool lends them.
      before = () => new Promise((r) => setTimeout(r, 1100));
      done = async () => {
        await pool.close();
        await fh.close();
      };
    } else {
      const { scoreSubmission } = await import('@/lib/scoring/score');
      run = async () => (await scoreSubmission({ key, file: { path: pred } })).all.accuracy;
    }
  }
  // --warm: the same work once before the measured run (compiled code, as in a process that has scored before).
  if (warmRun) await before().then(run);
  await before();
  const lent0 = lent();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const accuracy = await run();
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const helped = lent() - lent0;
  await done();
  console.log(JSON.stringify({ seconds, cpu: (used.user + used.system) / 1e6, rssMB: Math.round(process.resourceUsage().maxRSS / 1024), accuracy, lent: helped, warmUpMs: warmUpMs.map(Math.round) }));
}

function childRun(mode: string, rows: number, fmt: string, order: string): { seconds: number; cpu: number; rssMB: number; accuracy: number; lent: number } {
  const out = execFileSync(process.execPath, [...tsx, path.join(root, 'scripts/bench/peer.ts'), '--child', mode, String(rows), fmt, order, ...(args.includes('--warm') ? ['--warm'] : [])], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

export async function peerBench(sizes: number[], repeat: number, formats = ['csv', 'parquet']): Promise<PeerRow[]> {
  const rows: PeerRow[] = [];
  for (const n of sizes) {
    const dir = await prepare(n);
    const ref = JSON.parse(readFileSync(path.join(dir, `ref_${n}.json`), 'utf8')) as { accuracy: number };
    for (const fmt of formats) {
      const pred = path.join(dir, `pred_${n}.${fmt}`);
      const ours: Array<{ seconds: number; cpu: number; rssMB: number }> = [];
      const duck: Array<{ seconds: number; cpu: number; rssMB: number }> = [];
      for (let i = 0; i < repeat; i++) {
        const d = timed([process.execPath, path.join(here, 'duckdb-score.mjs'), path.join(dir, `truth_${n}.${fmt}`), pred]);
        const o = timed([process.execPath, 'scripts/podium.mjs', 'score', path.join(dir, `task-${fmt}`), pred]);
        const acc = JSON.parse(o.stdout).all.accuracy as number;
        if (Math.abs(acc - ref.accuracy) > 1e-12) throw new Error(`podium score's accuracy ${acc} is not the reference ${ref.accuracy}`);
        console.log(`${n / 1e6}M ${fmt} whole process, run ${i + 1}: podium score ${o.seconds.toFixed(2)} s, ${o.cpu.toFixed(2)} CPU-s (${o.rssMB} MB), DuckDB ${d.seconds.toFixed(2)} s, ${d.cpu.toFixed(2)} CPU-s (${d.rssMB} MB)`);
        ours.push(o);
        duck.push(d);
      }
      rows.push({
        what: `podium score process, ${n / 1e6}M shuffled ${fmt.toUpperCase()}`,
        ours: median(ours.map((x) => x.seconds)),
        duckdb: median(duck.map((x) => x.seconds)),
        oursCpu: median(ours.map((x) => x.cpu)),
        duckdbCpu: median(duck.map((x) => x.cpu)),
        oursRssMB: Math.max(...ours.map((x) => x.rssMB)),
        duckdbRssMB: Math.max(...duck.map((x) => x.rssMB)),
        target: 1.2,
      });
      for (const order of ['shuffled', 'ordered']) {
        const loaded: Record<string, Array<{ seconds: number; cpu: number; rssMB: number; lent: number }>> = { 'ours-thread': [], 'ours-inprocess': [], duckdb: [] };
        for (let i = 0; i < repeat; i++) {
          for (const mode of Object.keys(loaded)) {
            const r = childRun(mode, n, fmt, order);
            if (Math.abs(r.accuracy - ref.accuracy) > 1e-12) throw new Error(`${mode}: accuracy ${r.accuracy} is not the reference ${ref.accuracy}`);
            loaded[mode].push(r);
          }
          console.log(`${n / 1e6}M ${fmt} ${order} key loaded, run ${i + 1}: ` + Object.entries(loaded).map(([m, r]) => `${m} ${r[i].seconds.toFixed(2)} s, ${r[i].cpu.toFixed(2)} CPU-s (${r[i].rssMB} MB${m === 'ours-thread' ? `, ${r[i].lent} thread(s) lent` : ''})`).join(', '));
        }
        const med = (m: string) => median(loaded[m].map((x) => x.seconds));
        const rss = (m: string) => Math.max(...loaded[m].map((x) => x.rssMB));
        const cpu = (m: string) => median(loaded[m].map((x) => x.cpu));
        const what = `${n / 1e6}M ${order === 'ordered' ? 'in test order' : 'shuffled'} ${fmt.toUpperCase()}`;
        rows.push({ what: `key loaded, worker's path (thread), ${what}`, ours: med('ours-thread'), duckdb: med('duckdb'), oursCpu: cpu('ours-thread'), duckdbCpu: cpu('duckdb'), oursRssMB: rss('ours-thread'), duckdbRssMB: rss('duckdb'), target: 1.0 });
        rows.push({ what: `key loaded, in process, ${what}`, ours: med('ours-inprocess'), duckdb: med('duckdb'), oursCpu: cpu('ours-inprocess'), duckdbCpu: cpu('duckdb'), oursRssMB: rss('ours-inprocess'), duckdbRssMB: rss('duckdb'), target: 1.0 });
      }
    }
  }
  return rows;
}

export function printPeerRows(rows: PeerRow[]): void {
  const warm = args.includes('--warm') ? ', key-loaded runs after one untimed run (--warm)' : '';
  console.log(`\n| benchmark (shuffled rows, peer = ../shared/bench${warm}; load average ${os.loadavg()[0].toFixed(1)}) | podium | DuckDB | ratio | target | CPU-s podium / DuckDB | peak RSS podium / DuckDB |`);
  console.log('|---|---:|---:|---:|---|---:|---:|');
  for (const r of rows) {
    const ratio = r.ours / r.duckdb;
    console.log(`| ${r.what} | ${r.ours.toFixed(2)} s | ${r.duckdb.toFixed(2)} s | ${ratio.toFixed(2)}× | ≤ ${r.target}× ${ratio <= r.target ? 'met' : '**not met**'} | ${r.oursCpu.toFixed(2)} / ${r.duckdbCpu.toFixed(2)} | ${r.oursRssMB} / ${r.duckdbRssMB} MB |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('peer.ts')) {
  if (arg('--child')) {
    const i = args.indexOf('--child');
    await child(args[i + 1], Number(args[i + 2]), args[i + 3], args[i + 4] ?? 'shuffled', args.includes('--warm'));
  } else if (args.includes('--prepare')) {
    for (const n of (arg('--rows') ?? '1000000').split(',').map(Number)) await prepare(n); // the data only
  } else {
    const sizes = (arg('--rows') ?? '1000000').split(',').map(Number);
    const rows = await peerBench(sizes, Number(arg('--repeat') ?? 3), arg('--formats')?.split(',') ?? ['csv', 'parquet']);
    if (args.includes('--json')) console.log(JSON.stringify({ peer: rows }));
    else printPeerRows(rows);
  }
}
