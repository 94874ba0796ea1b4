/**
 * A CSV submission, streamed chunk by chunk through the RFC 4180 reader into
 * SubmissionRows. The header decides the layout; every later record is checked
 * against it field by field, straight from the bytes.
 */
import type { AnswerKey } from '../answer-key';
import { CsvRecordReader } from '@/lib/tables/csv-records';
import { parseDecimal } from '@/lib/tables/parse-number';
import { badFile, show, where } from '@/lib/tables/where';
import { layoutFromHeader, type Layout } from './layout';
import { SubmissionRows } from './rows';

const utf8 = new TextDecoder();

export async function readCsvSubmission(key: AnswerKey, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<SubmissionRows> {
  const parser = csvSubmissionParser(key);
  for await (const chunk of chunks) parser.push(chunk);
  return parser.end();
}

/** Push-style form of readCsvSubmission (what the chunk-boundary tests drive). */
export function csvSubmissionParser(key: AnswerKey): { push(chunk: Uint8Array): void; end(): SubmissionRows } {
  let rows: SubmissionRows | null = null;
  let layout: Layout | null = null;
  let headerNames: string[] = [];
  const reader = new CsvRecordReader((buf, starts, ends, nf, row, line) => {
    if (row === 0) {
      headerNames = [];
      for (let f = 0; f < nf; f++) headerNames.push(utf8.decode(buf.subarray(starts[f], ends[f])));
      layout = layoutFromHeader(key, headerNames, where(0, line));
      rows = new SubmissionRows(key, layout);
      return;
    }
    const r = rows!;
    const l = layout!;
    r.row = row;
    r.line = line;
    if (nf !== l.nCols) {
      const first = utf8.decode(buf.subarray(starts[0], ends[nf - 1]));
      throw badFile('field_count', `${where(row, line)}: ${nf} field${nf === 1 ? '' : 's'} but the header has ${l.nCols} (${headerNames.join(',')}); the row reads ${show(first)}`);
    }
    switch (l.mode) {
      case 'labels': {
        r.labelRow(buf, starts[l.id], ends[l.id], buf, starts[l.label], ends[l.label]);
        break;
      }
      case 'probabilities': {
        const k = r.idRow(buf, starts[l.id], ends[l.id]);
        const cols = l.probCols;
        for (let j = 0; j < cols.length; j++) {
          const s = starts[cols[j]];
          const e = ends[cols[j]];
          r.setProbability(j, parseDecimal(buf, s, e), buf, s, e);
        }
        r.finishProbabilities(k);
        break;
      }
      case 'matching': {
        const k = r.pairRow(buf, starts[l.left], ends[l.left], buf, starts[l.right], ends[l.right]);
        const s = starts[l.label];
        const e = ends[l.label];
        r.setMatchLabel(k, e - s === 1 ? buf[s] - 0x30 : -1, buf, s, e);
        if (l.score >= 0) r.setScore(k, parseDecimal(buf, starts[l.score], ends[l.score]), buf, starts[l.score], ends[l.score]);
        break;
      }
    }
  });
  // A problem found in a later row must not hide one in an earlier row still queued for lookup.
  const inOrder = <T>(step: () => T): T => {
    try {
      return step();
    } catch (e) {
      (rows as SubmissionRows | null)?.flush();
      throw e;
    }
  };
  return {
    push: (chunk) => inOrder(() => reader.push(chunk)),
    end: () =>
      inOrder(() => {
        reader.end();
        if (!rows) throw badFile('empty_file', 'the file is empty; expected a header line and one row per test id');
        rows.finish();
        return rows;
      }),
  };
}
