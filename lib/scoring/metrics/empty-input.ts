import { PodiumError } from '@/lib/errors';

/** Metrics are undefined on no rows; saying so beats returning NaN or 0 silently. */
export function refuseEmpty(what: string, expected: string, got: string): never {
  throw new PodiumError('bad_request:empty_input', `${what}: expected ${expected}, got ${got}`);
}
