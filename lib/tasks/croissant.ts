/**
 * A task as Croissant 1.0 JSON-LD (https://mlcommons.org/croissant/1.0): every published file as a
 * FileObject with its SHA-256, and every published table as a RecordSet whose fields are the
 * file's columns, in order, with their type and their podium role. Built from what the import
 * stored (the datasheet holds each table's columns), so it never opens a file.
 */
import type { ColumnSheet, Datasheet } from './datasheet';

export const CROISSANT_CONTEXT = {
  '@language': 'en',
  '@vocab': 'https://schema.org/',
  citeAs: 'cr:citeAs',
  column: 'cr:column',
  conformsTo: 'dct:conformsTo',
  cr: 'http://mlcommons.org/croissant/',
  rai: 'http://mlcommons.org/croissant/RAI/',
  data: { '@id': 'cr:data', '@type': '@json' },
  dataType: { '@id': 'cr:dataType', '@type': '@vocab' },
  dct: 'http://purl.org/dc/terms/',
  examples: { '@id': 'cr:examples', '@type': '@json' },
  extract: 'cr:extract',
  field: 'cr:field',
  fileProperty: 'cr:fileProperty',
  fileObject: 'cr:fileObject',
  fileSet: 'cr:fileSet',
  format: 'cr:format',
  includes: 'cr:includes',
  isLiveDataset: 'cr:isLiveDataset',
  jsonPath: 'cr:jsonPath',
  key: 'cr:key',
  md5: 'cr:md5',
  parentField: 'cr:parentField',
  path: 'cr:path',
  recordSet: 'cr:recordSet',
  references: 'cr:references',
  regex: 'cr:regex',
  repeated: 'cr:repeated',
  replace: 'cr:replace',
  sc: 'https://schema.org/',
  separator: 'cr:separator',
  source: 'cr:source',
  subField: 'cr:subField',
  transform: 'cr:transform',
} as const;

/** Content types as mlcroissant (the reference loader) reads them. */
const ENCODING: Record<string, string> = { csv: 'text/csv', parquet: 'application/x-parquet', zip: 'application/zip' };

const DATA_TYPE: Record<ColumnSheet['type'], string> = { string: 'sc:Text', float64: 'sc:Float', int64: 'sc:Integer' };

const ROLE_TEXT: Record<ColumnSheet['role'], string> = {
  id: 'id: unique identifier of the row',
  target: 'target: the label to predict',
  text: 'text',
  numeric: 'numeric',
  categorical: 'categorical',
  image: 'image: a file path inside images.zip',
  pair_id: 'pair id: the id of a record',
  pair_label: 'label: 1 when the two records match, 0 otherwise',
};

const TABLE_TEXT: Record<string, string> = {
  train: 'Training rows, with the target.',
  test: 'Test rows to predict (their labels are hidden).',
  left: 'Records of the left table.',
  right: 'Records of the right table.',
  train_pairs: 'Labelled training pairs of records.',
  test_pairs: 'Pairs to decide (their labels are hidden).',
};

export type CroissantInput = {
  challenge: { slug: string; title: string };
  task: {
    slug: string;
    title: string;
    type: string;
    description: string;
    updatedAt: Date;
    datasheet: Datasheet;
    manifest: { columns: Record<string, string>; right?: string; license?: string; citation?: string };
  };
  files: { name: string; size: number; sha256: string }[];
  /** The task page (the dataset's `url`). */
  pageUrl: string;
  /** Where each published file can be fetched (signed for the caller when they may download). */
  contentUrl: (name: string) => string;
};

export function croissantOf({ challenge, task, files, pageUrl, contentUrl }: CroissantInput) {
  const names = new Set(files.map((f) => f.name));
  const distribution = files.map((f) => ({
    '@type': 'cr:FileObject',
    '@id': f.name,
    name: f.name,
    contentUrl: contentUrl(f.name),
    contentSize: `${f.size} B`,
    encodingFormat: ENCODING[f.name.split('.').pop() ?? ''] ?? 'application/octet-stream',
    sha256: f.sha256,
    ...(f.name === 'images.zip' ? { description: 'The images the image columns point to; each path in an image column is a file path inside this archive.' } : {}),
    ...(f.name === 'sample_submission.csv' ? { description: 'A valid submission to start from: one row per test id (or test pair).' } : {}),
  }));
  const hasRight = task.datasheet.tables.some((t) => t.name === 'right');
  const idOf = (table: string) => task.datasheet.tables.find((t) => t.name === table)?.columns.find((c) => c.role === 'id')?.name;
  const recordSet = task.datasheet.tables
    .map((table) => {
      // Both formats hold the same columns; Parquet keeps their types.
      const file = [`${table.name}.parquet`, `${table.name}.csv`].find((n) => names.has(n));
      if (!file) return null;
      const id = table.columns.find((c) => c.role === 'id');
      return {
        '@type': 'cr:RecordSet',
        '@id': table.name,
        name: table.name,
        description: `${TABLE_TEXT[table.name] ?? table.name} ${table.rows} rows; also published as ${table.name}.${file.endsWith('.csv') ? 'parquet' : 'csv'}.`,
        ...(id ? { key: { '@id': `${table.name}/${id.name}` } } : {}),
        field: table.columns.map((c) => {
          const refTable = c.role === 'pair_id' ? (c.name === 'right_id' && hasRight ? 'right' : 'left') : null;
          const refId = refTable ? idOf(refTable) : undefined;
          return {
            '@type': 'cr:Field',
            '@id': `${table.name}/${c.name}`,
            name: c.name,
            description: `Role ${ROLE_TEXT[c.role] ?? c.role}.`,
            dataType: c.role === 'target' || c.role === 'pair_label' ? [DATA_TYPE[c.type], 'cr:Label'] : DATA_TYPE[c.type],
            source: { fileObject: { '@id': file }, extract: { column: c.name } },
            ...(refTable && refId ? { references: { field: { '@id': `${refTable}/${refId}` } } } : {}),
          };
        }),
      };
    })
    .filter((r) => r !== null);
  return {
    '@context': CROISSANT_CONTEXT,
    '@type': 'sc:Dataset',
    conformsTo: 'http://mlcommons.org/croissant/1.0',
    name: task.slug,
    alternateName: task.title,
    description: task.description.trim() || `${task.title}: a ${task.type} task of ${challenge.title}.`,
    url: pageUrl,
    creator: { '@type': 'sc:Organization', name: challenge.title },
    datePublished: task.updatedAt.toISOString(),
    dateModified: task.updatedAt.toISOString(),
    isPartOf: { '@type': 'sc:CreativeWork', name: challenge.title },
    keywords: ['podium', challenge.slug, task.type],
    ...(task.manifest.license ? { license: task.manifest.license } : {}),
    ...(task.manifest.citation ? { citeAs: task.manifest.citation } : {}),
    distribution,
    recordSet,
  };
}
