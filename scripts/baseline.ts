/**
 * `npx tsx --conditions=react-server scripts/baseline.ts <challenge> [--organizer EMAIL]`:
 * trains the simple baseline on each task's published files and submits it as
 * the organizer-owned "Baseline" team (local database; the site's worker scores it).
 */
import { parseArgs } from 'node:util';
import { config } from '@/lib/config';
import { FIRST_ORGANIZER_EMAIL } from '@/lib/seed/prepare';
import { submitBaselines } from '@/lib/seed/baseline';
import { appBlobStore } from '@/lib/storage/app';
import { withLocalDb } from './commands/local-db';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { organizer: { type: 'string' } } });
const challenge = positionals[0] ?? 'demo';

withLocalDb(async ({ db }) => {
  const done = await submitBaselines({
    db,
    store: appBlobStore(),
    challengeSlug: challenge,
    organizerEmail: values.organizer ?? FIRST_ORGANIZER_EMAIL,
    organizerEmails: config().ORGANIZER_EMAILS,
  });
  for (const d of done) console.log(`queued baseline for ${d.task}: ${d.submission}`);
}).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
