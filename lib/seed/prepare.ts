import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { createUser, randomPassword } from '@/lib/auth/users';
import type { Config } from '@/lib/config';

export const FIRST_ORGANIZER_EMAIL = 'organizer@podium.local';

/**
 * Runs before the site serves: the migrations ran when the database opened;
 * this adds the first organizer on a fresh embedded database (printing its
 * password once) and seeds the demo challenge into an empty one.
 * Returns the lines to print. Safe to run on every start.
 */
export async function prepareDatabase({ db, cfg }: { db: Db; cfg: Config }): Promise<string[]> {
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
  return out;
}
