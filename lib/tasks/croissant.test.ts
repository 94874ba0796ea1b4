import { describe, expect, it } from 'vitest';
import { croissantOf } from './croissant';
import type { Datasheet } from './datasheet';
import { parseTaskJson } from './task-json';

const col = (name: string, role: string, type: 'string' | 'float64' | 'int64' = 'string') =>
  ({ name, role, type, missing: 0, missingShare: 0, distinct: 1 }) as Datasheet['tables'][number]['columns'][number];

const matching: Datasheet = {
  type: 'matching',
  tables: [
    { name: 'left', rows: 3, columns: [col('rid', 'id'), col('title', 'text'), col('photo', 'image')] },
    { name: 'train_pairs', rows: 2, columns: [col('left_id', 'pair_id'), col('right_id', 'pair_id'), col('label', 'pair_label', 'int64')] },
  ],
  split: { kind: 'random', unit: 'pairs', publicFraction: 0.5, publicRows: 1, privateRows: 1 },
};

const file = (name: string) => ({ name, size: 10, sha256: 'a'.repeat(64) });

describe('croissantOf', () => {
  const doc = croissantOf({
    challenge: { slug: 'c', title: 'Challenge C' },
    task: {
      slug: 'dedup',
      title: 'Dedup',
      type: 'matching',
      description: '',
      updatedAt: new Date('2026-01-02T03:04:05Z'),
      datasheet: matching,
      manifest: { columns: {}, right: 'left', license: 'CC-BY-4.0', citation: '@misc{x}' },
    },
    files: ['left.csv', 'left.parquet', 'train_pairs.csv', 'train_pairs.parquet', 'images.zip'].map(file),
    pageUrl: 'https://site/challenges/c/tasks/dedup',
    contentUrl: (n) => `https://site/f/${n}?signature=s`,
  });

  it('describes every file and each table with its columns in order, typed, with roles', () => {
    expect(doc.distribution.map((d) => [d.name, d.encodingFormat, d.contentSize])).toEqual([
      ['left.csv', 'text/csv', '10 B'],
      ['left.parquet', 'application/x-parquet', '10 B'],
      ['train_pairs.csv', 'text/csv', '10 B'],
      ['train_pairs.parquet', 'application/x-parquet', '10 B'],
      ['images.zip', 'application/zip', '10 B'],
    ]);
    const [left, pairs] = doc.recordSet;
    expect(left.key).toEqual({ '@id': 'left/rid' });
    expect(left.field.map((f) => f.name)).toEqual(['rid', 'title', 'photo']);
    expect(left.field[2].description).toContain('images.zip');
    expect(pairs.field.map((f) => [f.name, f.dataType, f.source.fileObject['@id']])).toEqual([
      ['left_id', 'sc:Text', 'train_pairs.parquet'],
      ['right_id', 'sc:Text', 'train_pairs.parquet'],
      ['label', ['sc:Integer', 'cr:Label'], 'train_pairs.parquet'],
    ]);
    // De-duplication within one table: both ids point into left.
    expect(pairs.field[1]).toMatchObject({ references: { field: { '@id': 'left/rid' } } });
  });

  it('carries license and citation from task.json, which accepts both', () => {
    expect(doc).toMatchObject({ license: 'CC-BY-4.0', citeAs: '@misc{x}', conformsTo: 'http://mlcommons.org/croissant/1.0', datePublished: '2026-01-02T03:04:05.000Z' });
    const t = parseTaskJson(
      JSON.stringify({ slug: 'x', title: 'X', type: 'classification', track: 't', metric: 'accuracy', columns: { id: 'id', y: 'target' }, license: 'MIT', citation: 'Doe 2026' }),
    );
    expect(t).toMatchObject({ license: 'MIT', citation: 'Doe 2026' });
  });
});
