/**
 * Measures the Parquet libraries we could use on 1M rows of a typical task table
 * (id, text, categorical, 3 numeric with 5% nulls, target). Run:
 *   npx tsx lib/tables/parquet-bench.ts [rows]
 * Figures are recorded in lib/tables/README.md.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetRead } from 'hyparquet';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'pq-bench-'));
const words = ['red', 'shoe', 'leather', 'cotton', 'blue', 'size', 'large', 'small', 'men', 'women', 'kids', 'sport'];

function makeData() {
  const id: string[] = new Array(rows);
  const text: string[] = new Array(rows);
  const cat: string[] = new Array(rows);
  const target: string[] = new Array(rows);
  const nums = [0, 1, 2].map(() => new Array<number | null>(rows));
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < rows; i++) {
    id[i] = `r${i}`;
    text[i] = `${words[i % 12]} ${words[(i * 7) % 12]} ${words[(i * 5) % 12]} ${i % 997}`;
    cat[i] = `c${i % 10}`;
    target[i] = `class_${i % 3}`;
    for (const n of nums) n[i] = rnd() < 0.05 ? null : rnd() * 1000;
  }
  return { id, text, cat, target, nums };
}

async function time<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}

const d = makeData();
const hyFile = path.join(dir, 'hy.parquet');
await time('hyparquet-writer write', () => {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: d.id, type: 'STRING' },
      { name: 'text', data: d.text, type: 'STRING' },
      { name: 'cat', data: d.cat, type: 'STRING' },
      ...d.nums.map((n, k) => ({ name: `n${k}`, data: n, type: 'DOUBLE' as const })),
      { name: 'target', data: d.target, type: 'STRING' },
    ],
  });
  writeFileSync(hyFile, new Uint8Array(buf));
});
console.log(`  size ${(statSync(hyFile).size / 1e6).toFixed(1)} MB`);
await time('hyparquet read (columnar, onChunk)', async () => {
  const bytes = readFileSync(hyFile);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let cells = 0;
  await parquetRead({ file: ab, onChunk: (c) => (cells += c.columnData.length) });
  return cells;
});

const pw = await import('parquet-wasm');
const wasmFile = path.join(dir, 'wasm.parquet');
await time('parquet-wasm write (from Arrow)', () => {
  const t = tableFromArrays({
    id: d.id, text: d.text, cat: d.cat,
    n0: Float64Array.from(d.nums[0], (v) => v ?? NaN), n1: Float64Array.from(d.nums[1], (v) => v ?? NaN),
    n2: Float64Array.from(d.nums[2], (v) => v ?? NaN), target: d.target,
  });
  const wt = pw.Table.fromIPCStream(tableToIPC(t, 'stream'));
  writeFileSync(wasmFile, pw.writeParquet(wt));
});
console.log(`  size ${(statSync(wasmFile).size / 1e6).toFixed(1)} MB`);
await time('parquet-wasm read (to Arrow)', () => {
  const t = tableFromIPC(pw.readParquet(readFileSync(hyFile)).intoIPCStream());
  return t.numRows;
});

const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await time('duckdb read hyparquet file (count + sums)', async () => {
  const r = await con.runAndReadAll(`SELECT count(*), sum(n0), count(DISTINCT cat) FROM read_parquet('${hyFile}')`);
  return r.getRows();
});
await time('duckdb copy to parquet', () => con.run(`COPY (SELECT * FROM read_parquet('${hyFile}')) TO '${dir}/duck.parquet'`));
await time('hyparquet read of a DuckDB-written file', async () => {
  const bytes = readFileSync(`${dir}/duck.parquet`);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let cells = 0;
  await parquetRead({ file: ab, onChunk: (c) => (cells += c.columnData.length) });
  return cells;
});
rmSync(dir, { recursive: true, force: true });
