import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PodiumError } from '@/lib/errors';
import { scoreSubmission } from '@/lib/scoring/score';
import { startParse } from '@/lib/scoring/submission/parse-in-thread';
import { decompressUpload } from '@/lib/submissions/decompress';
import { keyRowsAtMost, offlineScoringKey } from '@/lib/tasks/answer-key-from-folder';
import type { Command } from './types';

/** Offline scoring with the site's own reader and metrics, so a file that passes here passes there. */
export const score: Command = {
  summary: '<task-folder> <predictions>   score a file offline against the folder\'s test_labels',
  async run({ positionals }) {
    const [folder, predictions] = positionals;
    if (!folder || !predictions || positionals.length > 2) throw new PodiumError('bad_request', 'usage: podium score <task-folder> <predictions>');
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new PodiumError('bad_task:no_folder', `${folder} is not a folder.`);
    if (!fs.existsSync(predictions) || !fs.statSync(predictions).isFile()) throw new PodiumError('bad_request:no_file', `${predictions}: no such file.`);
    // A .csv.gz or a .zip of one file is unpacked as the site does, so the messages are the site's.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-score-'));
    try {
      let plain: { path: string; name: string } | null = null;
      let unpackError: unknown = null;
      try {
        plain = await decompressUpload({ file: { path: predictions, name: path.basename(predictions) }, dir, maxBytes: Number.MAX_SAFE_INTEGER });
      } catch (e) {
        unpackError = e;
      }
      // The predictions are parsed on a second core while this one builds the key; the engine checks them against it.
      const parsed = plain ? (await startParse(plain.path, await keyRowsAtMost(folder))).result : null;
      const { key, splitKnown } = await offlineScoringKey(folder);
      if (!plain) throw unpackError; // a bad folder is still reported before a bad archive
      const r = await scoreSubmission({ key, file: { path: plain.path }, fileName: plain.name, parsed: await parsed });
      // Without a fixed seed or the organizer's split, which rows are public is the server's secret.
      console.log(JSON.stringify(splitKnown ? { all: r.all, public: r.public, private: r.private } : { all: r.all }, null, 2));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
