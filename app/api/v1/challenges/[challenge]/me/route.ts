import { viewerPartsBody } from '../../../../../_lib/viewer-json';
import { apiRoute } from '../../../../../_lib/api';

/** The caller's own parts of a board page (app/_lib/viewer-json.ts; podium's server answers it the same way itself). */
export const GET = apiRoute<{ challenge: string }>(async ({ req, caller, params }) => {
  const body = await viewerPartsBody({ caller, slug: params.challenge, query: Object.fromEntries(new URL(req.url).searchParams) });
  return new Response(body, { headers: { 'content-type': 'application/json', 'cache-control': 'private, no-store' } });
});
