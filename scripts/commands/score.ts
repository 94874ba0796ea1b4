import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PodiumError } from '@/lib/errors';
import type { AnswerKey } from '@/lib/scoring/answer-key';
import { scoreSubmission } from '@/lib/scoring/score';
import { resultFromPredictions } from '@/lib/scoring/score-result';
import { joinParsedInParallel, type ProbeTask, type ScatteredParse } from '@/lib/scoring/submission/parsed-join';
import { startParse, type StartedParse } from '@/lib/scoring/submission/parse-in-thread';
import { sniffFormat } from '@/lib/scoring/submission/sniff';
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
    let started: StartedParse | null = null;
    try {
      let plain: { path: string; name: string } | null = null;
      let unpackError: unknown = null;
      try {
        plain = await decompressUpload({ file: { path: predictions, name: path.basename(predictions) }, dir, maxBytes: Number.MAX_SAFE_INTEGER });
      } catch (e) {
        unpackError = e;
      }
      // The predictions are parsed on a second core while this one builds the key; the engine checks them against it.
      started = plain ? await startParse(plain.path, await keyRowsAtMost(folder)) : null;
      // The parse thread also builds the key's id index while this thread reads test_labels.
      const { key, splitKnown } = await offlineScoringKey(folder, { index: started ? (col) => started!.index(col) : undefined });
      if (!plain) throw unpackError; // a bad folder is still reported before a bad archive
      const parsed = started ? await started.result : null;
      // The parse thread then probes half of the join; when that is not sure, the file is read the ordinary way.
      const early = parsed && started ? await joinedEarly(key, plain, (t) => started!.probe(t), parsed) : null;
      const r = early ? resultFromPredictions(key, early) : await scoreSubmission({ key, file: { path: plain.path }, fileName: plain.name });
      // Without a fixed seed or the organizer's split, which rows are public is the server's secret.
      console.log(JSON.stringify(splitKnown ? { all: r.all, public: r.public, private: r.private } : { all: r.all }, null, 2));
    } finally {
      started?.release();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** What scoreSubmission would check before joining a parsed file: its first bytes say the format it was parsed as. */
async function joinedEarly(key: AnswerKey, file: { path: string; name: string }, probe: (task: ProbeTask) => Promise<boolean>, parsed: ScatteredParse): Promise<Int32Array | null> {
  const fd = fs.openSync(file.path, 'r');
  const head = new Uint8Array(65536);
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (n === 0) return null;
  try {
    if (sniffFormat(head.subarray(0, n), file.name) !== parsed.format) return null;
  } catch {
    return null;
  }
  return joinParsedInParallel(key, parsed, probe);
}
