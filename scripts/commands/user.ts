import { createUser, getUserByEmail, randomPassword, setPassword, setRole } from '@/lib/auth/users';
import { createApiToken } from '@/lib/auth/tokens';
import { PodiumError } from '@/lib/errors';
import { withLocalDb } from './local-db';
import type { Command } from './types';

export const userAdd: Command = {
  summary: '<email> [--organizer] [--password P] [--name N]   create an account (local database)',
  options: { organizer: { type: 'boolean' }, password: { type: 'string' }, name: { type: 'string' } },
  async run({ values, positionals }) {
    const [email] = positionals;
    if (!email) throw new PodiumError('bad_request', 'usage: podium user add <email> [--organizer] [--password P]');
    const made = values.password === undefined;
    const password = (values.password as string | undefined) ?? randomPassword();
    const role = values.organizer ? 'organizer' : 'participant';
    await withLocalDb(async ({ db }) => {
      const existing = await getUserByEmail({ db, email });
      if (existing) {
        // Re-running with --organizer or --password updates the account instead of failing.
        if (values.organizer) await setRole({ db, userId: existing.id, role: 'organizer' });
        if (!made) await setPassword({ db, userId: existing.id, password });
        if (!values.organizer && made) throw new PodiumError('conflict:email_taken', `An account with the email ${existing.email} already exists.`);
        console.log(`Updated ${existing.email}${values.organizer ? ' (organizer)' : ''}.`);
        return;
      }
      const user = await createUser({ db, email, password, name: values.name as string | undefined, role });
      console.log(`Created ${role} ${user.email}.`);
      if (made) console.log(`Password: ${password}`);
    });
  },
};

export const tokenAdd: Command = {
  summary: '<email> [--name N]   create an API token and print it once (local database)',
  options: { name: { type: 'string' } },
  async run({ values, positionals }) {
    const [email] = positionals;
    if (!email) throw new PodiumError('bad_request', 'usage: podium token add <email> [--name N]');
    await withLocalDb(async ({ db }) => {
      const user = await getUserByEmail({ db, email });
      if (!user) throw new PodiumError('not_found:user', `There is no account with the email ${email}.`);
      const t = await createApiToken({ db, userId: user.id, name: (values.name as string | undefined) ?? 'cli' });
      console.log(t.token);
    });
  },
};
