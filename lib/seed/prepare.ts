import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { challenges, users } from '@/db/schema';
import { createUser, randomPassword } from '@/lib/auth/users';
import type { Config } from '@/lib/config';
import type { BlobStore } from '@/lib/storage/types';
import { seedDemo } from './demo';
import { submitBaselines } from './baseline';

export const FIRST_ORGANIZER_EMAIL = 'organizer@podium.local';

/**
 * Runs before the site serves: the migrations ran when the database opened;
 * this adds the first organizer on a fresh embedded database (printing its
 * password once) and seeds the demo challenge into an empty one.
 * Returns the lines to print. Safe to run on every start.
 */
export async function prepareDatabase({ db, cfg, store }: { db: Db; cfg: Config; store: BlobStore }): Promise<string[]> {
  const out: string[] = [];
  if (cfg.mode === 'embedded') {
    const [{ n }] = await db.select({ n: count() }).from(users).where(eq(users.role, 'organizer'));
    if (n === 0) {
      const password = randomPassword();
      await createUser({ db, email: FIRST_ORGANIZER_EMAIL, password, name: 'Organizer', role: 'organizer' });
      out.push(
        '',
        '  ┌──────────────────────────────────────────────────────────────┐',
        '  │ podium created the first organizer account (shown only once) │',
        '  └──────────────────────────────────────────────────────────────┘',
        `    email:    ${FIRST_ORGANIZER_EMAIL}`,
        `    password: ${password}`,
        '  Sign in at /signin. Add more with: npx podium user add <email> --organizer',
        '',
      );
    }
  }
  if (cfg.mode === 'server') {
    const [{ n }] = await db.select({ n: count() }).from(users).where(eq(users.role, 'organizer'));
    if (n === 0 && cfg.ORGANIZER_EMAILS.length === 0) {
      out.push(
        'podium: no organizer account yet. Create one with `npx podium user add <email> --organizer` (same environment as',
        '        this process), or list emails in ORGANIZER_EMAILS for single sign-on users. See docs/deploy.md.',
      );
    }
  }
  const seed = cfg.SEED_DEMO ?? cfg.mode === 'embedded';
  const [{ c }] = await db.select({ c: count() }).from(challenges);
  if (seed && c === 0) {
    const started = Date.now();
    const demo = await seedDemo({ db, store });
    const [organizer] = await db.select({ email: users.email }).from(users).where(eq(users.role, 'organizer')).limit(1);
    if (organizer) await submitBaselines({ db, store, challengeSlug: demo.challenge.slug, organizerEmail: organizer.email });
    out.push(`podium: seeded the demo challenge "${demo.challenge.slug}" with ${demo.tasks.length} tasks and their baselines in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  return out;
}
