/**
 * All CSV and Parquet reading goes through lib/tables: no other file imports a Parquet or
 * Arrow library, or the byte-level CSV record reader, directly. A new caller uses (or
 * adds) a lib/tables function instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const SKIP_DIRS = new Set(['node_modules', '.git', '.bench-data', 'public']);
const SOURCE = /\.(ts|tsx|mts|mjs|js|cjs)$/;

/** Parquet/Arrow libraries (CSV is read by lib/tables' own byte-level reader, lib/tables/csv-records.ts). */
const FORBIDDEN = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]((?:hyparquet|hyparquet-writer|apache-arrow|parquet-wasm)(?:\/[^'"]*)?)['"]/g;

/**
 * Allowed for now, each with its reason:
 * - lib/tables/**: the one place.
 * - lib/scoring/fixtures/**: the bad-file corpus writes deliberately malformed Parquet with
 *   hyparquet-writer's internals (writing test files, not reading anyone's).
 */
const ALLOWED = [/^lib\/tables\//, /^lib\/scoring\/fixtures\//];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.next')) sourceFiles(path.join(dir, e.name), out);
    } else if (SOURCE.test(e.name)) out.push(path.relative(root, path.join(dir, e.name)).split(path.sep).join('/'));
  }
  return out;
}

export function directReaders(files: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    if (ALLOWED.some((a) => a.test(file))) continue;
    for (const m of text.matchAll(FORBIDDEN)) found.push(`${file}: ${m[1]}`);
  }
  return found;
}

describe('CSV and Parquet reading lives in lib/tables', () => {
  it('no file outside lib/tables (and the allowed ones above) imports a Parquet/Arrow library or the CSV record reader', () => {
    const files = sourceFiles(root).map((file) => ({ file, text: readFileSync(path.join(root, file), 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    expect(directReaders(files)).toEqual([]);
  });

  it('the check sees every import form it forbids', () => {
    const probe = (text: string, file = 'lib/tasks/x.ts') => directReaders([{ file, text }]);
    expect(probe("import { parquetRead } from 'hyparquet';")).toEqual(['lib/tasks/x.ts: hyparquet']);
    expect(probe('import { parquetHeader } from "hyparquet/src/column.js";')).toEqual(['lib/tasks/x.ts: hyparquet/src/column.js']);
    expect(probe("const { parquetWriteBuffer } = await import('hyparquet-writer');")).toEqual(['lib/tasks/x.ts: hyparquet-writer']);
    expect(probe("import { tableFromIPC } from 'apache-arrow';")).toEqual(['lib/tasks/x.ts: apache-arrow']);
    expect(probe("import { parquetRead } from 'hyparquet';", 'lib/scoring/submission/read-parquet.ts')).toEqual(['lib/scoring/submission/read-parquet.ts: hyparquet']);
    expect(probe("import { CsvRecordReader } from '@/lib/tables/csv-records';")).toEqual([]);
    expect(directReaders([{ file: 'lib/tables/parquet-read.ts', text: "import { parquetRead } from 'hyparquet';" }])).toEqual([]);
  });
});
