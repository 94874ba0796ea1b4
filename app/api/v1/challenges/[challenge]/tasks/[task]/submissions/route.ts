import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { config } from '@/lib/config';
import { appBlobStore } from '@/lib/storage/app';
import { assertMayUpload, createSubmission } from '@/lib/submissions/create';
import { listTeamSubmissions, submissionListJson } from '@/lib/submissions/queries';
import { receiveMultipart } from '@/lib/submissions/upload';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { apiRoute } from '../../../../../../../_lib/api';

type Params = { challenge: string; task: string };

/** Multipart field `file` (+ optional `description`); answers 202 with the queued submission. */
export const POST = apiRoute<Params>(async ({ req, caller, params }) => {
  requireCaller(caller);
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  // Refused before a byte of the body is read (rules, team, today's cap of rejected files).
  await assertMayUpload({ db, caller, challenge });
  const cfg = config();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-sub-'));
  try {
    const { file, fields } = await receiveMultipart({
      headers: req.headers,
      body: req.body,
      dir,
      maxBytes: cfg.MAX_SUBMISSION_BYTES,
      signal: req.signal,
      idleTimeoutMs: cfg.UPLOAD_IDLE_TIMEOUT_MS,
    });
    const created = await createSubmission({
      db,
      store: appBlobStore(),
      caller,
      challenge,
      taskId: task.id,
      file,
      description: fields.description ?? '',
    });
    return NextResponse.json(
      { id: created.id, status: created.status, late: created.late, team: created.teamName, remainingToday: created.remainingToday },
      { status: 202, headers: { Location: `/api/v1/submissions/${created.id}` } },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The caller's team's submissions to this task, newest first. */
export const GET = apiRoute<Params>(async ({ caller, params }) => {
  const c = requireCaller(caller);
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  const rows = await listTeamSubmissions({ db, caller: c, taskId: task.id });
  return { submissions: rows.map(submissionListJson) };
});
