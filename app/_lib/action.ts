import 'server-only';
import type { z } from 'zod';
import { requireCaller, requireOrganizer, type Caller } from '@/lib/auth/caller';
import { headers } from 'next/headers';
import { assertSameOrigin } from '@/lib/auth/same-origin';
import { config } from '@/lib/config';
import { isPodiumError } from '@/lib/errors';
import { logger } from '@/lib/log';
import { faultError } from '@/lib/faults';
import { getCaller } from './caller';

export type ActionState = {
  ok?: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
  /** Values to show once (a new token); never rows from the database. */
  data?: Record<string, string | number | boolean | null>;
  /** Echo of the submitted fields, so a form keeps what the user typed after an error. */
  values?: Record<string, string>;
};

type Who = 'anyone' | 'user' | 'organizer';

/**
 * Every server action goes through here: the form is parsed with its zod
 * schema, the caller is checked for the role, and errors come back as
 * `{ fieldErrors, error }` for useActionState. Middleware never guards an action.
 */
export function formAction<S extends z.ZodType>(
  opts: { schema: S; who: Who },
  fn: (input: z.output<S>, caller: Caller | null) => Promise<ActionState | void>,
) {
  return async (_prev: ActionState, form: FormData): Promise<ActionState> => {
    const values: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string' && !/password/i.test(k)) values[k] = v;
    let caller: Caller | null = null;
    try {
      // Next.js checks a server action's Origin against its Host too; this is the same rule as the API's, in one place.
      assertSameOrigin({ method: 'POST', headers: new Headers(await headers()), siteUrl: config().NEXTAUTH_URL });
      caller = await getCaller();
      if (opts.who === 'user') caller = requireCaller(caller);
      if (opts.who === 'organizer') caller = requireOrganizer(caller);
      const parsed = opts.schema.safeParse(Object.fromEntries(form.entries()));
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
        return { fieldErrors, values };
      }
      return (await fn(parsed.data, caller)) ?? { ok: true };
    } catch (e) {
      if (isPodiumError(e)) return { error: e.message, values };
      // redirect() and notFound() work by throwing; let Next.js handle them.
      if (e && typeof e === 'object' && 'digest' in e) throw e;
      const h = await headers();
      const at = { requestId: h.get('x-request-id') ?? undefined, path: h.get('next-url') ?? h.get('referer') ?? undefined, caller: caller?.userId };
      const fault = faultError(e);
      if (fault) {
        logger('action').error({ err: e, code: fault.code, ...at }, 'fault in server action');
        return { error: fault.message, values };
      }
      logger('action').error({ err: e, ...at }, 'unexpected error in server action');
      return { error: 'Something went wrong on our side. It has been logged.', values };
    }
  };
}
