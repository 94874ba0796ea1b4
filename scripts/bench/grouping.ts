/**
 * Grouping and open matching at scale:
 *
 *   npx tsx scripts/bench/grouping.ts [--records 1000000]
 *
 * Writes (once) a grouping task's answer key and a shuffled `id,group` CSV, and an open
 * matching key with a `left_id,right_id,score` CSV of records/2 pairs, under
 * .bench-data/grouping-<records>. Each file is then scored from disk in a fresh child
 * process (the way the worker scores a stored file), which prints its wall time, CPU
 * time and peak RSS: the child holds only the key and what scoring needs, so the peak is
 * the engine's, not the generator's. Target: peak RSS ≤ 2 GB at 10M rows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAnswerKey, serializeAnswerKey } from '@/lib/scoring/answer-key';
import { groupingInterval } from '@/lib/scoring/grouping/bootstrap';
import { buildGroupingKey } from '@/lib/scoring/grouping/key';
import { buildOpenMatchingKey } from '@/lib/scoring/open-matching/key';
import { scoreSubmission } from '@/lib/scoring/score';
import { mulberry32 } from '@/lib/scoring/split';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, score: { type: 'string' } } });
const n = Number(values.records);
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, '.bench-data', `grouping-${n}`);

const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

/** Lines written in blocks, so a 10M-row file is never one string. */
function writeLines(file: string, header: string, count: number, line: (i: number) => string): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header}\n`);
  const block: string[] = [];
  for (let i = 0; i < count; i++) {
    block.push(line(i));
    if (block.length === 100_000 || i === count - 1) {
      fs.writeSync(fd, block.join('\n') + '\n');
      block.length = 0;
    }
  }
  fs.closeSync(fd);
}

function prepare(): void {
  if (fs.existsSync(path.join(dir, 'done'))) return;
  fs.mkdirSync(dir, { recursive: true });
  const t = performance.now();
  const rand = mulberry32(1);
  const ids = Array.from({ length: n }, (_, i) => `rec-${i}`);
  // Variant-shaped groups: sizes 1–8, about half singletons.
  const groups: string[] = [];
  for (let g = 0; groups.length < n; g++) {
    const size = rand() < 0.5 ? 1 : 2 + Math.floor(rand() * 7);
    for (let k = 0; k < size && groups.length < n; k++) groups.push(`g${g}`);
  }
  fs.writeFileSync(path.join(dir, 'grouping.key'), serializeAnswerKey(buildGroupingKey({ ids, groups, seed: 5, publicFraction: 0.3 })));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  writeLines(path.join(dir, 'groups.csv'), 'id,group', n, (k) => {
    const i = order[k];
    return `${ids[i]},${rand() < 0.1 ? `x${i}` : `c-${groups[i]}`}`;
  });
  const m = Math.floor(n / 2);
  const left = ids.slice(0, m);
  const right = ids.slice(m).map((x) => `r${x}`);
  const truth = { left: left.slice(0, m / 2), right: right.slice(0, m / 2) };
  fs.writeFileSync(path.join(dir, 'open.key'), serializeAnswerKey(buildOpenMatchingKey({ leftRecords: left, rightRecords: right, matches: truth, seed: 5, publicFraction: 0.3 })));
  writeLines(path.join(dir, 'pairs.csv'), 'left_id,right_id,score', m, (i) => `${left[i]},${right[i < m / 2 && rand() < 0.8 ? i : (i * 7) % right.length]},${rand().toFixed(4)}`);
  fs.writeFileSync(path.join(dir, 'done'), '');
  console.log(`wrote ${path.relative(root, dir)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** In the child: load one key, score its file from disk, report. */
async function scoreOne(which: 'grouping' | 'open'): Promise<void> {
  const key = loadAnswerKey(new Uint8Array(fs.readFileSync(path.join(dir, `${which}.key`))));
  const file = path.join(dir, which === 'grouping' ? 'groups.csv' : 'pairs.csv');
  const rssKey = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const r = await scoreSubmission({ key, file: { path: file } });
  const wall = (performance.now() - t) / 1000;
  const c = cpuSeconds(process.cpuUsage(cpu));
  let extra = '';
  if (which === 'grouping') {
    const cpu2 = process.cpuUsage();
    const t2 = performance.now();
    groupingInterval({ key, predictions: r.predictions, metric: 'pairwise_f1', want: 1 });
    extra = `; group-bootstrap interval (1000 resamples, public part) ${((performance.now() - t2) / 1000).toFixed(2)} s wall, ${cpuSeconds(process.cpuUsage(cpu2)).toFixed(2)} s CPU`;
  }
  // VmHWM, not getrusage's maxRSS: Linux carries maxRSS over exec, so a child would report the generator's peak.
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  const what =
    which === 'grouping'
      ? `grouping, ${key.n.toLocaleString('en')} shuffled rows (${mb(fs.statSync(file).size)} CSV): ${wall.toFixed(2)} s wall, ${c.toFixed(2)} s CPU; pairwise_f1 ${r.all.pairwise_f1.toFixed(4)}, adjusted_rand ${r.all.adjusted_rand.toFixed(4)}`
      : `open matching, ${Number((r.details as { submitted?: number }).submitted).toLocaleString('en')} submitted pairs against ${key.n.toLocaleString('en')} true matches (${mb(fs.statSync(file).size)} CSV): ${wall.toFixed(2)} s wall, ${c.toFixed(2)} s CPU; precision ${r.all.precision.toFixed(4)}, recall ${r.all.recall.toFixed(4)}, average_precision ${r.all.average_precision.toFixed(4)}`;
  console.log(`${what}${extra}; RSS with the key loaded ${mb(rssKey)}, peak RSS ${mb(peak)} → ${peak <= 2e9 ? 'PASS' : 'FAIL'} (≤ 2 GB)`);
}

if (values.score) {
  await scoreOne(values.score as 'grouping' | 'open');
} else {
  prepare();
  console.log(`load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  for (const which of ['grouping', 'open']) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'grouping.ts'), '--records', String(n), '--score', which], { cwd: root, stdio: 'inherit' });
  }
}
