/**
 * Faults of the machine rather than of the input: a full disk, a folder podium may not
 * write, a database or object store that does not answer. Each is named as such, to
 * the client (503 with Retry-After where waiting helps) and in a failed job's reason,
 * instead of a generic 500. Errors are unwrapped through `cause` (drizzle wraps the
 * driver's error in its own).
 */
import { PodiumError } from './errors';

export type FaultKind = 'disk_full' | 'permission' | 'database_unreachable' | 'storage_unreachable';

export type Fault = { kind: FaultKind; message: string; retryAfter?: number };

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// postgres-js's own codes for a connection that went away, and PostgreSQL's SQLSTATEs for a server going down.
const DRIVER = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']);
const SQLSTATE = /^(08...|57P0[123]|53300)$/;

function chain(e: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let cur = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    out.push(cur as Record<string, unknown>);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** The machine fault behind an error, or null when it is something else (a bug, a bad input). */
export function classifyFault(e: unknown): Fault | null {
  for (const x of chain(e)) {
    const code = typeof x.code === 'string' ? x.code : undefined;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return { kind: 'disk_full', message: 'The server’s disk is full, so nothing can be stored right now. The operators must free space; try again later.', retryAfter: 300 };
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      return { kind: 'permission', message: 'The server may not write to its data folder (permission denied). The operators must fix its permissions.' };
    }
    const isStorage = '$metadata' in x || '$fault' in x;
    if (isStorage && (code === undefined || NETWORK.has(code) || x.name === 'TimeoutError')) {
      const status = (x.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
      if (status === undefined || status >= 500) return { kind: 'storage_unreachable', message: 'File storage is not answering right now. Try again in a moment.', retryAfter: 10 };
    }
    if ((code && (NETWORK.has(code) || DRIVER.has(code) || SQLSTATE.test(code))) || x.name === 'ConnectionRefused') {
      return { kind: 'database_unreachable', message: 'The database is not answering right now. Try again in a moment.', retryAfter: 5 };
    }
  }
  return null;
}

/** A machine fault as the error every route and action maps (503 with Retry-After), or null. */
export function faultError(e: unknown): PodiumError | null {
  const f = classifyFault(e);
  if (!f) return null;
  return new PodiumError(`unavailable:${f.kind}`, f.message, f.retryAfter ? { retryAfter: f.retryAfter } : undefined);
}

/**
 * postgres-js 3.4.9 (the newest release) can throw `TypeError: Cannot read properties of
 * null (reading 'write')` from a timer after a backend is terminated (porsager/postgres
 * #1154, #1208): uncaught, it would end the web process. That one error, from the
 * driver's own connection code, is logged and survived; the query it belonged to fails
 * and the pool opens a new connection. Every other uncaught exception still ends the
 * process as Node would (unless some other handler, such as Next.js's, takes it).
 */
export function isPostgresWriteBug(e: unknown): boolean {
  return (
    e instanceof TypeError &&
    /Cannot read properties of null \(reading 'write'\)/.test(e.message) &&
    /[\\/]postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(e.stack ?? '')
  );
}

const g = globalThis as unknown as { __podiumPgGuard?: boolean };

export function survivePostgresWriteBug(): void {
  if (g.__podiumPgGuard) return;
  g.__podiumPgGuard = true;
  const handler = (e: unknown) => {
    if (isPostgresWriteBug(e)) {
      console.error('[podium] survived the postgres-js connection bug (porsager/postgres #1154) after a dropped database connection');
      return;
    }
    if (process.listenerCount('uncaughtException') > 1) return; // another handler decides
    console.error(e);
    process.exit(1);
  };
  process.on('uncaughtException', handler);
}
