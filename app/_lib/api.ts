import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { errorBody, PodiumError } from '@/lib/errors';
import { faultError } from '@/lib/faults';
import { assertSameOrigin } from '@/lib/auth/same-origin';
import { config } from '@/lib/config';
import { logger } from '@/lib/log';
import { callerFromHeaders } from './caller';

type Ctx<P> = { params: Promise<P> };

/**
 * Every /api/v1 handler goes through here: the caller is resolved from the
 * bearer token or session, PodiumErrors map to their status and JSON body,
 * and anything unexpected is logged and answered 500 without details.
 */
export function apiRoute<P = Record<string, string>>(
  handler: (args: { req: Request; caller: Caller | null; params: P }) => Promise<Response | unknown>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    let caller: Caller | null = null;
    try {
      const problem = paramProblem(await ctx.params);
      if (problem) throw new PodiumError('bad_request:path', problem);
      assertSameOrigin({ method: req.method, headers: req.headers, siteUrl: config().NEXTAUTH_URL });
      caller = await callerFromHeaders(req.headers);
      const result = await handler({ req, caller, params: await ctx.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return errorResponse(e, { req, callerId: caller?.userId });
    }
  };
}

/** A path segment with a NUL or other control character (`%00`) names nothing: 400, before any query sees it. */
function paramProblem(params: unknown): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && /[\u0000-\u001f\u007f]/.test(v)) return `The ${name} in the URL contains a control character (such as %00); no ${name} has one.`;
    }
  }
  return undefined;
}

export function errorResponse(e: unknown, at?: { req: Request; callerId?: string }): Response {
  const where = { requestId: at?.req.headers.get('x-request-id') ?? undefined, path: at && new URL(at.req.url).pathname, caller: at?.callerId };
  // A full disk or an unreachable database is named as such: 503 with Retry-After (lib/faults.ts).
  const fault = e instanceof PodiumError ? null : faultError(e);
  if (fault) {
    logger('api').error({ err: e, code: fault.code, ...where }, 'fault in API route');
    e = fault;
  }
  if (!(e instanceof PodiumError)) logger('api').error({ err: e, ...where }, 'unexpected error in API route');
  const { status, body } = errorBody(e);
  const headers: Record<string, string> = {};
  const retry = (body.error as { retryAfter?: unknown }).retryAfter;
  if (typeof retry === 'number') headers['Retry-After'] = String(retry);
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return NextResponse.json(body, { status, headers });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new PodiumError('bad_request:invalid', `${first.path.join('.') || 'input'}: ${first.message}`);
  }
  return r.data;
}
