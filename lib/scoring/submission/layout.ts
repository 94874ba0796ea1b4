/**
 * Which column of the uploaded file holds what, decided from the header alone and
 * checked against the submission formats of docs/submissions.md before any row is read.
 */
import type { AnswerKey } from '../answer-key';
import { badFile, show } from '@/lib/tables/where';

export type Layout =
  | { mode: 'labels'; nCols: number; id: number; label: number }
  | { mode: 'probabilities'; nCols: number; id: number; probCols: Int32Array }
  | { mode: 'matching'; nCols: number; left: number; right: number; label: number; score: number };

export function layoutFromHeader(key: AnswerKey, names: string[], headerWhere: string): Layout {
  const expected = expectedText(key);
  if (names.some((n) => n.includes('\r'))) {
    throw badFile('line_ending', `${headerWhere}: lines end with a bare carriage return (old Mac style), so the whole file reads as one line; save it with LF or CRLF line ends`);
  }
  if (names.length === 1) {
    const sep = [';', '\t', '|'].find((d) => names[0].includes(d));
    if (sep) {
      throw badFile('delimiter', `${headerWhere}: the header is one column ${show(names[0])}; columns must be separated by commas, not ${sep === '\t' ? 'tabs' : `'${sep}'`}. Expected columns: ${expected}`);
    }
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (seen.has(name)) throw badFile('duplicate_column', `${headerWhere}: column ${show(name)} appears twice (columns ${seen.get(name)! + 1} and ${i + 1}). Expected columns: ${expected}`);
    seen.set(name, i);
  });
  const col = (name: string) => seen.get(name) ?? -1;
  const unexpected = (allowed: Set<string>) => names.find((n) => !allowed.has(n));

  if (key.kind === 'matching') {
    const allowed = new Set(['left_id', 'right_id', 'label', 'score']);
    for (const need of ['left_id', 'right_id', 'label']) {
      if (col(need) < 0) throw missingColumn(need, names, headerWhere, expected);
    }
    const extra = unexpected(allowed);
    if (extra !== undefined) throw badFile('extra_column', `${headerWhere}: unexpected column ${show(extra)}. Expected columns: ${expected}`);
    return { mode: 'matching', nCols: names.length, left: col('left_id'), right: col('right_id'), label: col('label'), score: col('score') };
  }

  if (col('id') < 0) throw missingColumn('id', names, headerWhere, expected);
  if (col('label') >= 0 && !key.classes.includes('label')) {
    const extra = unexpected(new Set(['id', 'label']));
    if (extra !== undefined) throw badFile('extra_column', `${headerWhere}: unexpected column ${show(extra)}. Expected columns: ${expected}`);
    return { mode: 'labels', nCols: names.length, id: col('id'), label: col('label') };
  }
  const classSet = new Set(key.classes);
  const probNames = names.filter((n) => n !== 'id');
  if (!probNames.some((n) => classSet.has(n))) throw missingColumn('label', names, headerWhere, expected);
  const extra = probNames.find((n) => !classSet.has(n));
  if (extra !== undefined) {
    throw badFile('probability_columns', `${headerWhere}: column ${show(extra)} is not a class; probability columns must be named exactly as the classes (${key.classes.map((c) => show(c)).join(', ')})`);
  }
  const missing = key.classes.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw badFile('probability_columns', `${headerWhere}: no probability column for class ${missing.slice(0, 5).map((c) => show(c)).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; a probability file needs one column per class`);
  }
  return { mode: 'probabilities', nCols: names.length, id: col('id'), probCols: Int32Array.from(key.classes, (c) => seen.get(c)!) };
}

function missingColumn(name: string, names: string[], headerWhere: string, expected: string) {
  return badFile('missing_column', `${headerWhere}: no column named '${name}' (found ${names.map((n) => show(n)).join(', ')}). Expected columns: ${expected}`);
}

export function expectedText(key: AnswerKey): string {
  if (key.kind === 'matching') return 'left_id,right_id,label (0/1) and optionally score';
  return `id,label or id plus one probability column per class (${key.classes.length} classes)`;
}
