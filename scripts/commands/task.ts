import fs from 'node:fs';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { PodiumError } from '@/lib/errors';
import { appBlobStore } from '@/lib/storage/app';
import { importTask } from '@/lib/tasks/import-task';
import { withLocalDb } from './local-db';
import type { Command } from './types';

export const taskAdd: Command = {
  summary: '<folder> --challenge <slug> [--replace]   validate and import a task folder (local database)',
  options: { challenge: { type: 'string' }, replace: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [folder] = positionals;
    const slug = values.challenge as string | undefined;
    if (!folder || !slug) throw new PodiumError('bad_request', 'usage: podium task add <folder> --challenge <slug> [--replace]');
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      throw new PodiumError('bad_task:no_folder', `${folder} is not a folder.`);
    }
    await withLocalDb(async ({ db }) => {
      const challenge = await getChallengeBySlug({ db, slug });
      const started = Date.now();
      const r = await importTask({ db, store: appBlobStore(), challengeId: challenge.id, folder, replace: Boolean(values.replace) });
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${r.replaced ? 'Replaced' : 'Imported'} task ${r.slug} into ${slug} in ${secs} s.`);
      for (const [k, v] of Object.entries(r.prepared.counts)) console.log(`  ${k}: ${v}`);
      for (const f of r.prepared.files.filter((x) => x.published)) console.log(`  ${f.name.padEnd(24)} ${String(f.size).padStart(12)} B  sha256 ${f.sha256}`);
      if (r.replaced) console.log(`  ${r.requeued} submission(s) queued for re-scoring.`);
      if (r.createdTrack) console.log(`  Created the track "${r.createdTrack}" (the challenge had no track of that name).`);
      for (const w of r.warnings) console.log(`  Warning: ${w}`);
    });
  },
};
