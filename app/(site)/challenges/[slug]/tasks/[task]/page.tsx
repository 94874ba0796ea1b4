import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { dataAccess } from '@/lib/challenges/viewing';
import { metricLabel } from '@/lib/scoring/metrics/labels';
import { appBlobStore } from '@/lib/storage/app';
import { readTaskPreview } from '@/lib/tasks/preview';
import { DataPreview } from './data-preview';
import { DisqualifiedNotice } from '../../disqualified-notice';
import { getTaskBySlug, listTaskFiles } from '@/lib/tasks/queries';
import { getCaller } from '../../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../../_lib/not-found';
import { Markdown } from '../../../../../_components/markdown';
import { DatasheetView } from './datasheet-view';
import { submissionFormat } from '@/lib/tasks/submission-format';
import { metrics as metricRegistry } from '@/lib/scoring/metrics';
import { listTeamSubmissions } from '@/lib/submissions/queries';
import { getTeamOf } from '@/lib/submissions/teams';
import { MySubmissions } from './my-submissions';
import { SubmitForm } from './submit-form';
import { MlClients } from './ml-clients';
import { SelectFinalToggle } from './leaderboard/select-final';

type Props = { params: Promise<{ slug: string; task: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).task };
}

function size(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export default async function TaskPage({ params }: Props) {
  const { slug, task: taskSlug } = await params;
  const caller = await getCaller();
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const task = await notFoundOnPodiumError(getTaskBySlug({ db, challengeId: challenge.id, slug: taskSlug }));
  const [files, access, team, mine] = await Promise.all([
    listTaskFiles({ db, taskId: task.id }),
    dataAccess({ db, caller, challenge }),
    caller ? getTeamOf({ db, challengeId: challenge.id, userId: caller.userId }) : undefined,
    caller ? listTeamSubmissions({ db, caller, taskId: task.id }) : [],
  ]);
  const metricNames = metricRegistry.filter((m) => m.taskType === task.type).map((m) => m.name);
  const { kind, format, rows } = submissionFormat(task);
  const canDownload = access.ok;
  const refusal = access.ok ? null : access.error.code;
  const preview = canDownload ? await readTaskPreview({ db, store: appBlobStore(), task }) : null;
  // The curl example names a file this task has (matching tasks have no train.parquet).
  const exampleFile = files.find((f) => f.name.endsWith('.parquet'))?.name ?? files[0]?.name ?? 'sample_submission.csv';
  const fileUrl = (name: string) => `/api/v1/challenges/${challenge.slug}/tasks/${task.slug}/files/${encodeURIComponent(name)}`;
  return (
    <>
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link>
      </p>
      <h1>{task.title}</h1>
      <p className="muted">
        {kind} · track{' '}
        {task.trackTitle ?? '—'} · ranked by <Link href={`/docs/metrics#${task.metric}`}><strong data-testid="ranking-metric">{metricLabel(task.metric)}</strong></Link> ·{' '}
        <Link href="/docs/task-folders#downloads">about the files</Link> · <Link href="/docs/submissions">submission format</Link>
      </p>
      <Markdown text={task.description} />

      {team && <DisqualifiedNotice team={team} />}
      <h2 id="data">Data</h2>
      {!canDownload && refusal !== 'forbidden:team_disqualified' && (
        <p className="alert info">
          {refusal === 'forbidden:not_started' ? (
            <>The data opens when the challenge starts.</>
          ) : caller ? (
            <>
              <Link href={`/challenges/${challenge.slug}#rules`}>Accept the challenge rules</Link> to download the files.
            </>
          ) : (
            <>
              <Link href={`/signin?callbackUrl=/challenges/${challenge.slug}/tasks/${task.slug}`}>Sign in</Link> and accept the rules
              to download the files.
            </>
          )}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>file</th>
              <th className="num">size</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.name}>
                <td>{canDownload ? <a href={fileUrl(f.name)}>{f.name}</a> : f.name}</td>
                <td className="num">{size(f.size)}</td>
                <td>
                  <code className="small" style={{ wordBreak: 'break-all' }}>
                    {f.sha256}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        CSV and Parquet hold the same table: same columns in the same order; ids and text as strings, numbers as float64.
        With a token: <code>curl -H &quot;Authorization: Bearer $PODIUM_TOKEN&quot; -O {'<site>'}{fileUrl(exampleFile)}</code>
      </p>
      {preview && <DataPreview preview={preview} imageUrl={(name) => `/api/v1/challenges/${challenge.slug}/tasks/${task.slug}/images/${name.split('/').map(encodeURIComponent).join('/')}`} />}
      <MlClients challenge={challenge.slug} task={task.slug} />

      <h2 id="submit">Submit</h2>
      {team && canDownload && !team.disqualifiedAt ? (
        <>
          <p className="muted small">
            Submitting as team <strong>{team.name}</strong>. Format: <code>{format}</code>, CSV or Parquet, {rows} — see <code>sample_submission.csv</code>. {challenge.dailySubmissionLimit} per day
            (UTC); rejected files do not count. Or from a terminal:{' '}
            <code>
              npx podium submit {challenge.slug}/{task.slug} predictions.csv --wait
            </code>
          </p>
          <div className="card">
            <SubmitForm challenge={challenge.slug} task={task.slug} format={format} metric={task.metric} />
          </div>
          <h3>Your team&apos;s submissions</h3>
          <p className="muted small">
            Scores on the public part of the test set. <Link href={`/challenges/${challenge.slug}/submissions`}>All your team&apos;s submissions, on every task, with the files sent</Link>
          </p>
          <MySubmissions
            rows={mine}
            metrics={metricNames}
            ranking={task.metric}
            selectCell={new Date() < challenge.endAt ? (s) => <SelectFinalToggle submissionId={s.id} selected={s.selected} /> : undefined}
          />
          <p className="muted small">
            Mark up to {challenge.finalSelections} submissions as final: the private leaderboard takes the best of them on the private rows. With none
            marked, your best public submission counts.
          </p>
        </>
      ) : team?.disqualifiedAt ? (
        <p className="muted">Your team was disqualified and can no longer submit.</p>
      ) : (
        <p className="muted">Join the challenge (accept its rules) to submit predictions.</p>
      )}

      <h2>Datasheet</h2>
      <DatasheetView sheet={task.datasheet} />
    </>
  );
}
