import { createApiToken } from '@/lib/auth/tokens';
import { getUserByEmail } from '@/lib/auth/users';
import { PodiumError } from '@/lib/errors';
import { addOrUpdateUser } from '@/lib/people/users';
import { withLocalDb } from './local-db';
import { postJson, runningSite, viaSiteNote } from './through-site';
import type { Command } from './types';

type UserAdded = { email: string; role: string; created: boolean; password?: string };

export const userAdd: Command = {
  summary: '<email> [--organizer] [--password P] [--name N]   create an account (local database)',
  options: { organizer: { type: 'boolean' }, password: { type: 'string' }, name: { type: 'string' } },
  async run({ values, positionals }) {
    const [email] = positionals;
    if (!email) throw new PodiumError('bad_request', 'usage: podium user add <email> [--organizer] [--password P]');
    const input = { email, organizer: Boolean(values.organizer), password: values.password as string | undefined, name: values.name as string | undefined };
    // While the embedded site holds the database, the site does the work.
    const site = runningSite();
    const r = site
      ? await postJson<UserAdded>(site, '/organizer/users', input)
      : await withLocalDb(({ db }) => addOrUpdateUser({ db, ...input, actorId: null }));
    if (r.created) console.log(`Created ${r.role} ${r.email}.${site ? ` ${viaSiteNote(site)}` : ''}`);
    else console.log(`Updated ${r.email}${input.organizer ? ' (organizer)' : ''}.${site ? ` ${viaSiteNote(site)}` : ''}`);
    if (r.password) console.log(`Password: ${r.password}`);
  },
};

export const tokenAdd: Command = {
  summary: '<email> [--name N]   create an API token and print it once (local database)',
  options: { name: { type: 'string' } },
  async run({ values, positionals }) {
    const [email] = positionals;
    if (!email) throw new PodiumError('bad_request', 'usage: podium token add <email> [--name N]');
    const name = (values.name as string | undefined) ?? 'cli';
    const site = runningSite();
    if (site) {
      console.log((await postJson<{ token: string }>(site, '/organizer/tokens', { email, name })).token);
      return;
    }
    await withLocalDb(async ({ db }) => {
      const user = await getUserByEmail({ db, email });
      if (!user) throw new PodiumError('not_found:user', `There is no account with the email ${email}.`);
      const t = await createApiToken({ db, userId: user.id, name });
      console.log(t.token);
    });
  },
};
