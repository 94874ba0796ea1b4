import { openApiDocument } from '@/lib/api/openapi';
import { apiRoute } from '../../../_lib/api';

/** The OpenAPI 3.1 description of /api/v1, generated from the routes' zod schemas. */
export const GET = apiRoute(async ({ req }) => openApiDocument({ serverUrl: new URL('/api/v1', req.url).toString() }));
