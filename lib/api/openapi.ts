/**
 * The OpenAPI 3.1 description of /api/v1, generated from the zod schemas in
 * ./schemas.ts (the ones the route handlers parse with) by zod 4's own
 * `z.toJSONSchema` (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses).
 * `lib/api/openapi.test.ts` checks it against every route handler file.
 */
import { z } from 'zod';
import { challengeInputSchema } from '@/lib/challenges/admin';
import * as s from './schemas';

type Method = 'get' | 'post' | 'head';
type Auth = 'none' | 'optional' | 'user' | 'organizer';

export type RouteDoc = {
  method: Method;
  path: string;
  summary: string;
  auth: Auth;
  query?: z.ZodObject;
  body?: { schema: z.ZodType } | { raw: string; description: string } | { multipart: true };
  ok: { status: number; description: string; schema?: z.ZodType; type?: string; alt?: Record<string, string> };
  errors?: number[];
};

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
const out = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

const TASK = '/challenges/{challenge}/tasks/{task}';

/** Every /api/v1 route. The route-vs-document test fails when this and app/api/v1 disagree. */
export const routeDocs: RouteDoc[] = [
  { method: 'get', path: '/openapi.json', summary: 'This document.', auth: 'none', ok: { status: 200, description: 'OpenAPI 3.1', type: 'application/json' } },
  { method: 'get', path: '/challenges', summary: 'Challenges visible to the caller.', auth: 'user', ok: { status: 200, description: 'The list', schema: s.challengeList } },
  {
    method: 'post',
    path: '/challenges/{challenge}/join',
    summary: "Accept the challenge's rules and join it (alone, as a team of one); idempotent.",
    auth: 'user',
    ok: { status: 200, description: 'Joined', schema: s.joinResponse },
    errors: [401, 404],
  },
  { method: 'get', path: TASK, summary: 'Task metadata and its published files with sizes and SHA-256.', auth: 'user', ok: { status: 200, description: 'The task', schema: s.taskResponse }, errors: [401, 404] },
  {
    method: 'get',
    path: `${TASK}/files/{name}`,
    summary: 'Download one published file (supports Range). Requires the rules to be accepted.',
    auth: 'user',
    ok: { status: 200, description: 'The file (206 for a Range request)', type: 'application/octet-stream' },
    errors: [401, 403, 404, 416],
  },
  {
    method: 'head',
    path: `${TASK}/files/{name}`,
    summary: 'Size, type and ETag (the SHA-256) of one published file.',
    auth: 'user',
    ok: { status: 200, description: 'Headers only' },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: `${TASK}/croissant`,
    summary: 'Croissant 1.0 JSON-LD metadata of the task, for dataset tools.',
    auth: 'user',
    ok: { status: 200, description: 'Croissant 1.0', type: 'application/ld+json' },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: `${TASK}/images/{path}`,
    summary: "One image of the task (the data preview's thumbnails), out of the stored images.zip; `path` is relative to `images/` and may contain `/`. Same rule as the downloads.",
    auth: 'user',
    ok: { status: 200, description: 'The image', type: 'application/octet-stream' },
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: `${TASK}/submissions`,
    summary: 'Upload predictions: multipart field `file` (CSV, Parquet, .csv.gz or a .zip of one file) and optional `description`.',
    auth: 'user',
    body: { multipart: true },
    ok: { status: 202, description: 'Queued for scoring', schema: s.submissionCreated },
    errors: [400, 401, 403, 404, 409, 413, 429],
  },
  { method: 'get', path: `${TASK}/submissions`, summary: "The caller's team's submissions to this task, newest first.", auth: 'user', ok: { status: 200, description: 'The list', schema: s.submissionList }, errors: [401, 404] },
  {
    method: 'get',
    path: `${TASK}/leaderboard`,
    summary: 'Ranked rows of a task board (JSON or CSV).',
    auth: 'optional',
    query: s.taskBoardQuery,
    ok: { status: 200, description: 'The board', schema: s.taskBoard, alt: { 'text/csv': 'with format=csv' } },
    errors: [400, 403, 404],
  },
  {
    method: 'get',
    path: '/challenges/{challenge}/tracks/{track}/leaderboard',
    summary: "A track's ranking by average score over its tasks.",
    auth: 'optional',
    query: s.trackBoardQuery,
    ok: { status: 200, description: 'The board', schema: s.trackBoard, alt: { 'text/csv': 'with format=csv' } },
    errors: [400, 403, 404],
  },
  {
    method: 'get',
    path: '/challenges/{challenge}/board-version',
    summary: "The stamp of the challenge's boards: what board pages poll to refresh only when something changed.",
    auth: 'optional',
    ok: { status: 200, description: 'The stamp', schema: s.boardVersionResponse },
    errors: [404],
  },
  {
    method: 'get',
    path: '/challenges/{challenge}/me',
    summary: "The caller's own parts of a board page (who is signed in, their team, its disqualification, its score history on `task`); the board itself is the same for every participant.",
    auth: 'optional',
    query: s.viewerPartsQuery,
    ok: { status: 200, description: 'The parts', schema: s.viewerPartsResponse },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/submissions/{id}/file',
    summary: 'The file a submission sent, as stored (a .csv.gz or .zip upload is stored unpacked). Your own team only; 404 for anyone else.',
    auth: 'user',
    ok: { status: 200, description: 'The file', type: 'application/octet-stream' },
    errors: [401, 404],
  },
  {
    method: 'get',
    path: '/submissions/{id}',
    summary: 'One submission of your team (any, for organizers) with its status and scores.',
    auth: 'user',
    ok: { status: 200, description: 'The submission', schema: s.submissionResponse },
    errors: [401, 404],
  },
  {
    method: 'post',
    path: '/organizer/challenges',
    summary: 'Create a challenge (what `podium challenge add` sends while the embedded site runs).',
    auth: 'organizer',
    body: { schema: challengeInputSchema },
    ok: { status: 201, description: 'Created', schema: s.challengeCreated },
    errors: [400, 401, 403, 409],
  },
  {
    method: 'post',
    path: '/organizer/challenges/{challenge}/tasks',
    summary: 'Import a zipped task folder sent as the raw body (the console upload, and `podium task add` while the embedded site runs).',
    auth: 'organizer',
    query: s.taskUploadQuery,
    body: { raw: 'application/zip', description: 'A zip of the task folder (its files at the top, or inside one top folder).' },
    ok: { status: 200, description: 'Imported', schema: s.taskImported },
    errors: [401, 403, 404, 409, 413, 422],
  },
  {
    method: 'post',
    path: '/organizer/users',
    summary: 'Create an account, or make an existing one an organizer or set its password (`podium user add`).',
    auth: 'organizer',
    body: { schema: s.userAddBody },
    ok: { status: 200, description: 'Created or updated', schema: s.userAdded },
    errors: [400, 401, 403, 409],
  },
  {
    method: 'post',
    path: '/organizer/tokens',
    summary: 'Create an API token for an account and answer it once (`podium token add`).',
    auth: 'organizer',
    body: { schema: s.tokenAddBody },
    ok: { status: 200, description: 'Created', schema: s.tokenAdded },
    errors: [400, 401, 403, 404],
  },
];

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad input (a bad file, a bad parameter): the message names the rule, row and value',
  401: 'Not signed in, or an unknown, revoked or disabled token',
  403: 'Not allowed (rules not accepted, organizers only, private board not revealed)',
  404: 'Not found (someone else’s submission is also 404)',
  409: 'Conflict (already exists, or against the current state)',
  413: 'Too large',
  416: 'Range not satisfiable',
  422: 'A task folder breaks a rule: the message names the rule, file, column, row and value',
  429: 'Over the submission limit; `resetAt` and Retry-After say when it resets',
};

function pathParams(p: string) {
  return [...p.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
    description: m[1] === 'id' ? 'Submission id (UUID)' : m[1] === 'name' ? 'Published file name, e.g. train.parquet' : `The ${m[1]} slug`,
  }));
}

function queryParams(q: z.ZodObject | undefined) {
  if (!q) return [];
  const schema = json(q) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(schema.properties).map(([name, prop]) => ({
    name,
    in: 'query',
    required: false,
    schema: prop,
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
  }));
}

function operation(r: RouteDoc) {
  const content: Record<string, unknown> = {};
  if (r.ok.schema) content['application/json'] = { schema: out(r.ok.schema) };
  else if (r.ok.type) content[r.ok.type] = {};
  for (const [type, description] of Object.entries(r.ok.alt ?? {})) content[type] = { schema: { type: 'string', description } };
  const responses: Record<string, unknown> = {
    [String(r.ok.status)]: { description: r.ok.description, ...(Object.keys(content).length ? { content } : {}) },
  };
  for (const code of r.errors ?? []) {
    responses[String(code)] = { description: STATUS_TEXT[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  let requestBody: unknown;
  if (r.body && 'schema' in r.body) requestBody = { required: true, content: { 'application/json': { schema: json(r.body.schema) } } };
  else if (r.body && 'raw' in r.body) requestBody = { required: true, description: r.body.description, content: { [r.body.raw]: { schema: { type: 'string', contentEncoding: 'binary' } } } };
  else if (r.body) {
    requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentEncoding: 'binary' }, description: { type: 'string' } } },
        },
      },
    };
  }
  const security = r.auth === 'none' ? [] : r.auth === 'optional' ? [{}, { bearer: [] }, { session: [] }] : [{ bearer: [] }, { session: [] }];
  return {
    operationId: `${r.method}${r.path.replace(/\{(\w+)\}/g, (_, n: string) => `By${n[0].toUpperCase()}${n.slice(1)}`).replace(/[^a-zA-Z0-9]+(\w)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
    summary: r.summary,
    ...(r.auth === 'organizer' ? { description: 'Organizers only.' } : {}),
    tags: [r.path.startsWith('/organizer') ? 'organizer' : 'participant'],
    parameters: [...pathParams(r.path), ...queryParams(r.query)],
    ...(requestBody ? { requestBody } : {}),
    responses,
    security,
  };
}

export function openApiDocument({ serverUrl = '/api/v1', version = '0.1.0' }: { serverUrl?: string; version?: string } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeDocs) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'podium API',
      version,
      description: 'Machine-learning challenges on multimodal tabular data. Send `Authorization: Bearer <token>` (tokens are made on the account page). Errors are `{error: {code, message}}`. Human-readable guide: /docs/api.',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'participant', description: 'Challenges, data, submissions and boards' },
      { name: 'organizer', description: 'Organizers only' },
    ],
    paths,
    components: {
      schemas: { Error: out(s.errorResponse) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from the account page' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'The browser session' },
      },
    },
  };
}
