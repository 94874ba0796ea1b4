import { createChallenge } from '@/lib/challenges/admin';
import { PodiumError } from '@/lib/errors';
import { withLocalDb } from './local-db';
import { postJson, runningSite, viaSiteNote } from './through-site';
import type { Command } from './types';

export const challengeAdd: Command = {
  summary: '<slug> [--title T] [--start ISO] [--end ISO]   create a challenge (local database)',
  options: { title: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } },
  async run({ values, positionals }) {
    const [slug] = positionals;
    if (!slug) throw new PodiumError('bad_request', 'usage: podium challenge add <slug> [--title T] [--start ISO] [--end ISO]');
    const start = (values.start as string | undefined) ?? new Date().toISOString();
    const end = (values.end as string | undefined) ?? new Date(Date.parse(start) + 90 * 86400_000).toISOString();
    const input = { slug, title: (values.title as string | undefined) ?? slug, startAt: start, endAt: end };
    const site = runningSite();
    if (site) {
      const c = await postJson<{ slug: string; startAt: string; endAt: string }>(site, '/organizer/challenges', input);
      console.log(`Created challenge ${c.slug}: ${c.startAt} → ${c.endAt} ${viaSiteNote(site)}`);
      return;
    }
    await withLocalDb(async ({ db }) => {
      const c = await createChallenge({ db, input });
      console.log(`Created challenge ${c.slug}: ${c.startAt.toISOString()} → ${c.endAt.toISOString()}`);
    });
  },
};
