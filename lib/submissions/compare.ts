import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { challenges, submissions, tasks } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { canSeePrivateScores } from '@/lib/challenges/viewing';
import { PodiumError } from '@/lib/errors';
import { loadAnswerKey } from '@/lib/scoring/answer-key';
import { mcnemarTest, pairedTest } from '@/lib/scoring/bootstrap';
import type { BlobStore } from '@/lib/storage/types';
import { decodeResamples } from './intervals';
import { decodePredictions } from './predictions';
import { getSubmissionForCaller } from './queries';

/**
 * Two scored submissions of one task, row by row: where they disagree, how
 * many rows each gets right that the other gets wrong (McNemar's test on
 * those), and a paired bootstrap on the ranking metric. Participants compare
 * their own team's submissions on the public rows; after the reveal (and for
 * organizers) on all rows.
 */
export async function compareSubmissions({
  db,
  store,
  caller,
  a,
  b,
  now = new Date(),
}: {
  db: DbOrTx;
  store: BlobStore;
  caller: Caller;
  a: string;
  b: string;
  now?: Date;
}) {
  // Visibility (own team or organizer) is checked by the same query the submission page uses.
  const [sa, sb] = await Promise.all([getSubmissionForCaller({ db, caller, id: a, now }), getSubmissionForCaller({ db, caller, id: b, now })]);
  if (sa.taskSlug !== sb.taskSlug || sa.challengeSlug !== sb.challengeSlug) {
    throw new PodiumError('bad_request:different_tasks', 'Only submissions to the same task can be compared.');
  }
  if (sa.status !== 'scored' || sb.status !== 'scored') throw new PodiumError('bad_request:not_scored', 'Both submissions must be scored.');
  const rows = await db
    .select({ id: submissions.id, predictionsKey: submissions.predictionsStorageKey, keyStorage: tasks.answerKeyStorageKey, metric: tasks.metric, endAt: challenges.endAt, revealedAt: challenges.privateRevealedAt, autoReveal: challenges.autoReveal })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .innerJoin(challenges, eq(challenges.id, tasks.challengeId))
    .where(and(inArray(submissions.id, [a, b])));
  const ra = rows.find((r) => r.id === a)!;
  const rb = rows.find((r) => r.id === b)!;
  if (!ra.predictionsKey || !rb.predictionsKey) throw new PodiumError('bad_request:no_predictions', 'These submissions were scored before per-row results were kept; re-score them first.');
  const key = loadAnswerKey(await store.getBytes(ra.keyStorage));
  if (key.kind === 'grouping' || key.kind === 'open_matching') {
    // Cluster labels are arbitrary and open matching has no per-row answer: a row-by-row count would mean nothing.
    throw new PodiumError('bad_request:comparison_kind', 'Row-by-row comparison needs one right-or-wrong answer per test row (classification, or matching on listed pairs); for grouping and open matching, compare the scores and their intervals on the leaderboard.');
  }
  const [pa, pb] = await Promise.all([store.getBytes(ra.predictionsKey), store.getBytes(rb.predictionsKey)]).then((x) => x.map(decodePredictions));
  const all = canSeePrivateScores({ caller, challenge: { endAt: ra.endAt, privateRevealedAt: ra.revealedAt, autoReveal: ra.autoReveal }, now });
  const mask = all ? null : key.publicMask;
  let disagree = 0;
  let rowsCompared = 0;
  for (let i = 0; i < key.n; i++) {
    if (mask && mask[i] !== 1) continue;
    rowsCompared++;
    if (pa[i] !== pb[i]) disagree++;
  }
  const mcnemar = mcnemarTest({ truth: key.truth, a: pa, b: pb, mask });
  const part = all ? 'private' : 'public';
  let bootstrap = null;
  const [resA, resB] = await Promise.all([
    store.getBytes(`submissions/${a}/resamples.bin`).catch(() => null),
    store.getBytes(`submissions/${b}/resamples.bin`).catch(() => null),
  ]);
  const valueA = (all ? sa.privateMetrics : sa.publicMetrics)?.[ra.metric];
  const valueB = (all ? sb.privateMetrics : sb.publicMetrics)?.[ra.metric];
  if (resA && resB && valueA !== undefined && valueB !== undefined) {
    const A = decodeResamples(resA)[part];
    const B = decodeResamples(resB)[part];
    if (A.length && A.length === B.length) bootstrap = { ...pairedTest({ a: A, b: B, observedDiff: valueA - valueB }), metric: ra.metric, valueA, valueB, part };
  }
  return { a: sa, b: sb, rows: rowsCompared, part: all ? 'all' : 'public', disagree, onlyA: mcnemar.onlyA, onlyB: mcnemar.onlyB, mcnemar, bootstrap };
}
