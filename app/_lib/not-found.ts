import 'server-only';
import { notFound } from 'next/navigation';
import { isPodiumError } from '@/lib/errors';

/** Pages answer a missing thing with the 404 page instead of an error. */
export async function notFoundOnPodiumError<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isPodiumError(e) && e.kind === 'not_found') notFound();
    throw e;
  }
}
