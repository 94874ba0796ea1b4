import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { errorBody, PodiumError } from '@/lib/errors';
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
      caller = await callerFromHeaders(req.headers);
      const result = await handler({ req, caller, params: await ctx.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return errorResponse(e, { req, callerId: caller?.userId });
    }
  };
}

export function errorResponse(e: unknown, at?: { req: Request; callerId?: string }): Response {
  if (!(e instanceof PodiumError)) {
    logger('api').error(
      { err: e, requestId: at?.req.headers.get('x-request-id') ?? undefined, path: at && new URL(at.req.url).pathname, caller: at?.callerId },
      'unexpected error in API route',
    );
  }
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
