/**
 * RFC 4180 over a small text already in memory (a preview's first bytes, a generated
 * dataset's file): quoted fields may hold commas, quotes and newlines; CRLF or LF; an
 * optional BOM. An empty unquoted field is null, `""` is the empty string. Large files
 * go through the streaming readers instead (`readCsv`, `CsvRecordReader`).
 */
export function parseCsvText(
  text: string,
  options: {
    /** Stop after this many data rows (the header is not counted). */
    maxRows?: number;
    /** false when the text is a prefix of a file: a last record without its line end may be cut, so it is dropped. */
    complete?: boolean;
  } = {},
): { header: string[]; rows: (string | null)[][] } {
  const maxRows = options.maxRows ?? Infinity;
  const complete = options.complete ?? true;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: (string | null)[][] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let record: (string | null)[] = [];
  let i = 0;
  const endField = () => {
    record.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
  };
  for (; i < text.length && records.length <= maxRows; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else field += ch;
  }
  if (complete && i >= text.length && (field !== '' || wasQuoted || record.length > 0)) {
    endField();
    records.push(record);
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h ?? ''), rows: rows.length > maxRows ? rows.slice(0, maxRows) : rows };
}
