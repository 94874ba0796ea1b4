import { openAppDb } from '@/db';
import { config } from '@/lib/config';

type Hook = () => Promise<void> | void;
const g = globalThis as unknown as { __podiumRuntime?: Promise<void>; __podiumStartHooks?: Hook[] };

/** Code that must run once per server process after the database is open (the embedded worker). */
export function onServerStart(hook: Hook) {
  (g.__podiumStartHooks ??= []).push(hook);
}

export function startServerRuntime(): Promise<void> {
  g.__podiumRuntime ??= (async () => {
    config(); // a bad environment stops the start here, naming the variable
    await openAppDb();
    for (const hook of g.__podiumStartHooks ?? []) await hook();
  })();
  return g.__podiumRuntime;
}
