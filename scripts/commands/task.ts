import fs from 'node:fs';
import path from 'node:path';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { PodiumError } from '@/lib/errors';
import { appBlobStore } from '@/lib/storage/app';
import { importTask } from '@/lib/tasks/import-task';
import { apiRequest } from './api-client';
import { withLocalDb } from './local-db';
import { explain, fileBody, runningSite, viaSiteNote, zipFolder } from './through-site';
import type { Command } from './types';

type ImportAnswer = { task: string; replaced: boolean; requeued: number; counts: Record<string, number>; files?: { name: string; size: number; sha256: string }[] };

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
    const site = runningSite();
    if (site) {
      // The embedded site holds the database: zip the folder and import it through the site, as the console does.
      const started = Date.now();
      const zip = await zipFolder(folder);
      try {
        const { json: r } = await apiRequest<ImportAnswer>({
          env: { url: site.url, token: site.token },
          method: 'POST',
          path: `/api/v1/organizer/challenges/${encodeURIComponent(slug)}/tasks${values.replace ? '?replace=1' : ''}`,
          body: fileBody(zip.file, 'application/zip', `Uploading ${path.basename(folder)}`),
        }).catch(explain);
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`${r.replaced ? 'Replaced' : 'Imported'} task ${r.task} into ${slug} in ${secs} s ${viaSiteNote(site)}.`);
        for (const [k, v] of Object.entries(r.counts)) console.log(`  ${k}: ${v}`);
        for (const f of r.files ?? []) console.log(`  ${f.name.padEnd(24)} ${String(f.size).padStart(12)} B  sha256 ${f.sha256}`);
        if (r.replaced) console.log(`  ${r.requeued} submission(s) queued for re-scoring.`);
      } finally {
        zip.cleanup();
      }
      return;
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
