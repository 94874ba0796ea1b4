import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug, listTracks } from '@/lib/challenges/queries';
import { isPodiumError } from '@/lib/errors';
import { getTrackBoard, type TrackBoard } from '@/lib/leaderboard/track-board';
import { readTrackStats, type TrackTeamStats } from '@/lib/leaderboard/significance';
import { appBlobStore } from '@/lib/storage/app';
import { getMyTeam } from '@/lib/teams/queries';
import { getCaller } from '../../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../../_lib/not-found';
import { AutoRefresh } from '../../../../../_components/auto-refresh';
import { personalise, renderOnce, trackBoardHtml } from '../../leaderboard/board-html';
import { ViewerParts } from '../../leaderboard/viewer-parts';
import { getAnonymousBoardStamp } from '@/lib/leaderboard/board-version';
import { trackAverageChart } from '../../../../../_lib/charts';
import { Chart } from '../../../../../_components/chart';

type Props = { params: Promise<{ slug: string; track: string }>; searchParams: Promise<{ board?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).track} track` };
}

const ruleText = {
  average: 'Ranked by the average score over the tasks: every task ranks by a metric in [0, 1] where higher is better. A team missing a task scores 0 there (marked ✗).',
  mean_rank: 'Ranked by mean rank over the tasks: some task ranks by a lower-is-better or unbounded metric, so scores cannot be averaged. A team missing a task takes last place there (marked ✗).',
};

export default async function TrackPage({ params, searchParams }: Props) {
  const { slug, track: trackSlug } = await params;
  const kind = (await searchParams).board === 'private' ? 'private' : 'public';
  const caller = await getCaller();
  const db = await getDb();
  const stamp = (await getAnonymousBoardStamp({ db, slug })) ?? ''; // before the board (see the task board page)
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const track = (await listTracks({ db, challengeId: challenge.id })).find((t) => t.slug === trackSlug);
  if (!track) notFound();
  const myTeam = caller ? await getMyTeam({ db, challengeId: challenge.id, userId: caller.userId }) : null;
  let board: TrackBoard | null = null;
  let refused: string | null = null;
  try {
    board = await getTrackBoard({ db, challenge, track, board: kind, organizer: seesEverything(caller), cached: true });
  } catch (e) {
    if (!isPodiumError(e) || e.code !== 'forbidden:private_leaderboard') throw e;
    refused = e.message;
  }
  const sure = board ? await readTrackStats({ db, store: appBlobStore(), track: board }) : new Map<string, TrackTeamStats>();
  const base = `/challenges/${challenge.slug}/tracks/${track.slug}`;
  const api = `/api/v1/challenges/${challenge.slug}/tracks/${track.slug}/leaderboard?board=${kind}`;
  return (
    <>
      <AutoRefresh everyMs={5000} stampUrl={`/api/v1/challenges/${challenge.slug}/board-version`} stamp={stamp} />
      <ViewerParts challenge={challenge.slug} stamp={stamp} rendered={caller ? 'viewer' : 'shared'} />
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link> · <Link href={`/challenges/${challenge.slug}/leaderboard`}>All boards</Link>
      </p>
      <h1>{track.title} track</h1>
      <nav className="row" aria-label="Boards">
        <Link className={`btn ${kind === 'public' ? '' : 'secondary'}`} href={base}>
          Public
        </Link>
        <Link className={`btn ${kind === 'private' ? '' : 'secondary'}`} href={`${base}?board=private`}>
          Private (final)
        </Link>
        <span className="spacer" />
        {board && (
          <>
            <a href={`${api}&format=csv`}>CSV</a> <a href={api}>JSON</a>
          </>
        )}
      </nav>
      {refused && <p className="alert info">{refused}</p>}
      {board && (
        <>
          <p className="muted" data-testid="track-rule">
            {ruleText[board.rule]} Mean rank and Borda count (teams beaten, summed over tasks) are shown beside it.
          </p>
          {(() => {
            const shared = renderOnce(board, kind, () =>
              trackBoardHtml({ board: board!, stats: sure, taskHref: (t) => `/challenges/${challenge.slug}/tasks/${t}/leaderboard?board=${kind}` }),
            );
            return <div dangerouslySetInnerHTML={{ __html: personalise(shared.html, myTeam?.id) }} />;
          })()}
          {board.rows.length === 0 && <p className="muted">No scored submissions yet.</p>}
          {board.rule === 'average' && board.rows.length > 0 && (
            <Chart
              testId="track-chart"
              svg={
                renderOnce(board, `${kind}:chart`, () =>
                  trackAverageChart({
                    bars: board!.rows
                      .filter((r) => r.average !== null)
                      .slice(0, 30)
                      .map((r) => ({ team: r.team, average: r.average!, low: sure.get(r.teamId)?.averageInterval?.[0] ?? null, high: sure.get(r.teamId)?.averageInterval?.[1] ?? null })),
                  }),
                ).html
              }
              caption="Dots: each team's average over the track's tasks (the top 30). Bars: its 95% bootstrap interval (1,000 resamples of every task's test rows)."
            />
          )}
          <p className="muted small">
            How sure is this ranking? Each task&apos;s test rows are resampled 1,000 times (the same resamples for every team); P(first) is the share
            of resamples in which a team ranks first on the track, and the rank range holds its rank in 95% of them.
          </p>
        </>
      )}
    </>
  );
}
