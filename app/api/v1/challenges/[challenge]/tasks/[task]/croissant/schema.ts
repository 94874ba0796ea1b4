/**
 * Shapes of GET /api/v1/challenges/{challenge}/tasks/{task}/croissant, for the OpenAPI document.
 * The route takes no query parameters; it answers Croissant 1.0 JSON-LD (application/ld+json).
 */
import { z } from 'zod';

export const croissantQuerySchema = z.object({});

const fileObject = z.object({
  '@type': z.literal('cr:FileObject'),
  '@id': z.string(),
  name: z.string().meta({ description: 'The published file name, e.g. train.parquet' }),
  contentUrl: z.string().url().meta({
    description:
      'Download URL. For callers who may download the data it is signed for them (query user, expires, signature; valid one hour, no token needed); otherwise the plain file route.',
  }),
  contentSize: z.string().meta({ description: 'Bytes, e.g. "1234 B"' }),
  encodingFormat: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  description: z.string().optional(),
});

const field = z.object({
  '@type': z.literal('cr:Field'),
  '@id': z.string(),
  name: z.string(),
  description: z.string(),
  dataType: z.union([z.string(), z.array(z.string())]),
  source: z.object({ fileObject: z.object({ '@id': z.string() }), extract: z.object({ column: z.string() }) }),
  references: z.object({ field: z.object({ '@id': z.string() }) }).optional(),
});

const recordSet = z.object({
  '@type': z.literal('cr:RecordSet'),
  '@id': z.string(),
  name: z.string(),
  description: z.string(),
  key: z.object({ '@id': z.string() }).optional(),
  field: z.array(field),
});

export const croissantResponseSchema = z
  .object({
    '@context': z.record(z.string(), z.unknown()),
    '@type': z.literal('sc:Dataset'),
    conformsTo: z.literal('http://mlcommons.org/croissant/1.0'),
    name: z.string(),
    alternateName: z.string(),
    description: z.string(),
    url: z.string().url(),
    creator: z.object({ '@type': z.string(), name: z.string() }),
    datePublished: z.string(),
    dateModified: z.string(),
    license: z.string().optional(),
    citeAs: z.string().optional(),
    distribution: z.array(fileObject),
    recordSet: z.array(recordSet),
  })
  .meta({ description: 'Croissant 1.0 metadata of a task: its published files and one record set per table.' });
