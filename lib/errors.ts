/**
 * One error type for everything a user can get wrong. The code is `kind:detail`
 * (e.g. `bad_file:duplicate_id`); the kind picks the HTTP status, so a route
 * handler never chooses one by hand.
 */
export type ErrorKind =
  | 'bad_request'
  | 'bad_file'
  | 'bad_task'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  bad_file: 400,
  bad_task: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class PodiumError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  /** Extra fields a client may act on (e.g. `retryAfter` seconds, `resetAt`). */
  readonly details?: Record<string, unknown>;

  constructor(code: `${ErrorKind}` | `${ErrorKind}:${string}`, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PodiumError';
    this.code = code;
    this.kind = code.split(':')[0] as ErrorKind;
    this.details = details;
  }

  get status(): number {
    return statusByKind[this.kind] ?? 500;
  }
}

export function isPodiumError(e: unknown): e is PodiumError {
  return e instanceof PodiumError;
}

/** The JSON body and status every API error is answered with. Unknown errors never leak their text. */
export function errorBody(e: unknown): { status: number; body: { error: { code: string; message: string } & Record<string, unknown> } } {
  if (isPodiumError(e)) {
    return { status: e.status, body: { error: { code: e.code, message: e.message, ...(e.details ?? {}) } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.' } } };
}
