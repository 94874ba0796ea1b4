/**
 * Scoring benchmark: a k=50 classification task with 1M and 10M test rows, label
 * submissions as CSV and Parquet, scored by our engine with the key loaded and by
 * DuckDB with the key already in a table. Each measurement runs in its own process so
 * its peak memory (maxRSS) is its own.
 *
 *   npx tsx scripts/bench/scoring.ts [--rows 1000000] [--shuffled]
 *
 * Data is generated once into .bench-data/scoring-<rows>/ (DuckDB writes the Parquet).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildClassificationKey, loadAnswerKey, serializeAnswerKey } from '@/lib/scoring/answer-key';
import { scoreSubmission } from '@/lib/scoring/score';
import { mulberry32 } from '@/lib/scoring/split';

export const K = 50;
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const classes = Array.from({ length: K }, (_, i) => `class_${String(i).padStart(2, '0')}`);
const idOf = (i: number) => `id${String(i).padStart(9, '0')}`;

export function dataDir(rows: number) {
  return path.resolve('.bench-data', `scoring-${rows}`);
}

/** Writes .bench-data/scoring-<rows>/: key.csv (id,label), pred*.csv, pred*.parquet, key.bin; once. */
export async function generate(rows: number): Promise<void> {
  const dir = dataDir(rows);
  if (existsSync(path.join(dir, 'done'))) return;
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(rows);
  const truth = new Int32Array(rows);
  const pred = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    truth[i] = Math.floor(rand() * K);
    pred[i] = rand() < 0.7 ? truth[i] : Math.floor(rand() * K);
  }
  const write = (file: string, header: string, line: (i: number) => string, order?: Uint32Array) => {
    const fd = openSync(path.join(dir, file), 'w');
    writeSync(fd, header);
    for (let start = 0; start < rows; start += 100_000) {
      let text = '';
      for (let j = start; j < Math.min(rows, start + 100_000); j++) text += line(order ? order[j] : j);
      writeSync(fd, text);
    }
    closeSync(fd);
  };
  write('key.csv', 'id,label\n', (i) => `${idOf(i)},${classes[truth[i]]}\n`);
  write('pred.csv', 'id,label\n', (i) => `${idOf(i)},${classes[pred[i]]}\n`);
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  write('pred-shuffled.csv', 'id,label\n', (i) => `${idOf(i)},${classes[pred[i]]}\n`, order);
  const ids: string[] = new Array(rows);
  const labels: string[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    ids[i] = idOf(i);
    labels[i] = classes[truth[i]];
  }
  writeFileSync(path.join(dir, 'key.bin'), serializeAnswerKey(buildClassificationKey({ ids, labels, classes, seed: 1, publicFraction: 0.3 })));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await (await DuckDBInstance.create()).connect();
  for (const name of ['pred', 'pred-shuffled']) {
    await db.run(`COPY (SELECT * FROM read_csv('${path.join(dir, name)}.csv', header=true, columns={'id':'VARCHAR','label':'VARCHAR'})) TO '${path.join(dir, name)}.parquet' (FORMAT parquet)`);
  }
  writeFileSync(path.join(dir, 'done'), '');
}

/** User + system CPU of this process (all its threads) since `start`, in seconds. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** Child process: one timed measurement; prints JSON. */
async function measure(what: string, rows: number, shuffled: boolean): Promise<void> {
  const dir = dataDir(rows);
  const pred = path.join(dir, shuffled ? 'pred-shuffled' : 'pred');
  let seconds: number;
  let cpuSeconds: number;
  let check: number;
  let loadSeconds = 0;
  if (what.startsWith('ours')) {
    const t0 = performance.now();
    const key = loadAnswerKey(new Uint8Array(readFileSync(path.join(dir, 'key.bin'))));
    loadSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const result = await scoreSubmission({ key, file: { path: `${pred}.${what === 'ours-csv' ? 'csv' : 'parquet'}` } });
    seconds = (performance.now() - t1) / 1000;
    cpuSeconds = cpuSince(c1);
    check = result.all.accuracy;
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create()).connect();
    await db.run(`CREATE TABLE key AS SELECT * FROM read_csv('${path.join(dir, 'key.csv')}', header=true, columns={'id':'VARCHAR','label':'VARCHAR'})`);
    const source = what === 'duckdb-csv' ? `read_csv('${pred}.csv', header=true, columns={'id':'VARCHAR','label':'VARCHAR'})` : `read_parquet('${pred}.parquet')`;
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    // The confusion matrix plus the counts that prove one row per test id.
    const reader = await db.runAndReadAll(
      `WITH s AS (SELECT * FROM ${source}), j AS (SELECT k.label AS t, s.label AS p FROM s JOIN key k ON s.id = k.id)
       SELECT (SELECT count(*) FROM s) AS n, (SELECT count(DISTINCT id) FROM s) AS distinct_ids,
              (SELECT sum(CASE WHEN t = p THEN c ELSE 0 END) / sum(c) FROM (SELECT t, p, count(*) AS c FROM j GROUP BY ALL)) AS accuracy`,
    );
    seconds = (performance.now() - t1) / 1000;
    cpuSeconds = cpuSince(c1);
    check = Number(reader.getRows()[0][2]);
  }
  console.log(JSON.stringify({ what, rows, seconds, cpuSeconds, loadSeconds, accuracy: check, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function main(): Promise<void> {
  const measureWhat = arg('--measure');
  const shuffled = args.includes('--shuffled');
  if (measureWhat) return measure(measureWhat, Number(arg('--rows')), shuffled);
  const sizes = arg('--rows') ? [Number(arg('--rows'))] : [1_000_000, 10_000_000];
  const all: Record<number, unknown> = {};
  for (const rows of sizes) {
    const t0 = performance.now();
    await generate(rows);
    console.log(`\n${rows.toLocaleString('en')} rows, k=${K}, ${shuffled ? 'rows shuffled' : 'rows in key order'} (data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const results: Record<string, { seconds: number; cpuSeconds: number; loadSeconds: number; accuracy: number; maxRssMB: number }> = {};
    for (const what of ['duckdb-csv', 'ours-csv', 'duckdb-parquet', 'ours-parquet']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', process.argv[1], '--measure', what, '--rows', String(rows), ...(shuffled ? ['--shuffled'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
      results[what] = JSON.parse(out.trim().split('\n').pop()!);
      const r = results[what];
      console.log(`  ${what.padEnd(15)} ${r.seconds.toFixed(2).padStart(7)} s wall ${r.cpuSeconds.toFixed(2).padStart(7)} s CPU  peak RSS ${String(r.maxRssMB).padStart(5)} MB  accuracy ${r.accuracy.toFixed(6)}${r.loadSeconds ? `  (key load ${r.loadSeconds.toFixed(2)} s, not included)` : ''}`);
    }
    for (const fmt of ['csv', 'parquet']) {
      const ratio = results[`ours-${fmt}`].seconds / results[`duckdb-${fmt}`].seconds;
      console.log(`  ${fmt}: ours / DuckDB = ${ratio.toFixed(2)}`);
    }
    all[rows] = results;
  }
  // --json: one last line for scripts/bench/index.ts to read.
  if (args.includes('--json')) console.log(JSON.stringify({ scoring: all }));
  console.log('\nWall-clock ratios; the machine may be shared (CPU time shows the work done), so rerun for stable figures.');
}

// Run only as a script: index.ts and upload.ts import generate() from here.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
