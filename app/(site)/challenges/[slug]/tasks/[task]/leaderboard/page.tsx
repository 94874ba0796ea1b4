import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { boardViewFor, canSeeTeamHistory, seesEverything } from '@/lib/challenges/viewing';
import { metricLabel } from '@/lib/scoring/metrics/labels';
import { challengePhase } from '@/lib/challenges/phase';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { isPodiumError } from '@/lib/errors';
import { getRaceHistory, getScoreHistory } from '@/lib/leaderboard/history';
import { historyChart, raceChart } from '../../../../../../_lib/charts';
import { Chart } from '../../../../../../_components/chart';
import { higherIsBetterFor, readTaskBoard, type TaskBoard } from '@/lib/leaderboard/task-board';
import { readBoardStats, SIGNIFICANCE_METHOD } from '@/lib/leaderboard/significance';
import { appBlobStore } from '@/lib/storage/app';
import { boardKinds, type BoardKind } from '@/lib/leaderboard/visibility';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { getMyTeam } from '@/lib/teams/queries';
import { getCaller } from '../../../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../../../_lib/not-found';
import { LocalTime } from '../../../../../../_components/local-time';
import { AutoRefresh } from '../../../../../../_components/auto-refresh';
import { personalise, renderOnce, renderOnceAsync, taskBoardHtml } from '../../../leaderboard/board-html';
import { LocalTimes } from '../../../../../../_components/local-times';
import { DisqualifiedNotice } from '../../../disqualified-notice';
import { ViewerHistory, ViewerNotice, ViewerParts } from '../../../leaderboard/viewer-parts';
import { getAnonymousBoardStamp } from '@/lib/leaderboard/board-version';

type Props = { params: Promise<{ slug: string; task: string }>; searchParams: Promise<{ board?: string; team?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).task} leaderboard` };
}

const labels: Record<BoardKind, string> = { public: 'Public', private: 'Private (final)', late: 'Post-challenge' };

export default async function TaskLeaderboardPage({ params, searchParams }: Props) {
  const { slug, task: taskSlug } = await params;
  const sp = await searchParams;
  const caller = await getCaller();
  const db = await getDb();
  // Read before the board: the page never claims a newer stamp than its data (AutoRefresh compares with it).
  const stamp = (await getAnonymousBoardStamp({ db, slug })) ?? '';
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const task = await notFoundOnPodiumError(getTaskBySlug({ db, challengeId: challenge.id, slug: taskSlug }));
  const organizer = seesEverything(caller);
  const now = new Date();
  const seen = boardViewFor({ caller, challenge, now });
  const kind: BoardKind = (boardKinds as readonly string[]).includes(sp.board ?? '') ? (sp.board as BoardKind) : 'public';
  const myTeam = caller ? await getMyTeam({ db, challengeId: challenge.id, userId: caller.userId }) : null;
  // Rendered for nobody in particular (what podium's server shares between participants: lib/leaderboard/page-cache.ts),
  // the viewer's own parts are filled in by the browser (ViewerParts); rendered for a known caller, they are drawn here.
  const rendered = caller ? 'viewer' : 'shared';

  let board: TaskBoard | null = null;
  let refused: string | null = null;
  try {
    board = await readTaskBoard({ db, challenge, task, board: kind, organizer, now });
  } catch (e) {
    if (!isPodiumError(e) || e.code !== 'forbidden:private_leaderboard') throw e;
    refused = e.message;
  }
  const historyTeam = sp.team ?? myTeam?.id ?? null;
  const historyRow = board?.rows.find((r) => r.teamId === historyTeam);
  // From the registry, not the board: a refused private board still says the metric's direction.
  const higherIsBetter = higherIsBetterFor(task.metric);
  const showHistory = Boolean(board && historyTeam && canSeeTeamHistory({ caller, myTeamId: myTeam?.id, teamId: historyTeam, onVisibleBoard: Boolean(historyRow) }));
  // Another team's history stops at the freeze, as its board row does; one's own is always whole.
  const historyCutoff = historyTeam === myTeam?.id ? null : seen.publicCutoff;
  const history =
    showHistory && board && historyTeam
      ? await renderOnceAsync(board, `history:${historyTeam}:${historyCutoff?.getTime() ?? ''}`, async () =>
          historyChart({
            points: await getScoreHistory({ db, taskId: task.id, teamId: historyTeam, higherIsBetter, cutoff: historyCutoff }),
            metric: task.metric,
            higherIsBetter,
          }),
        )
      : null;
  const top = board && kind === 'public' ? board.rows.slice(0, 10) : [];
  const race =
    board && top.length > 0
      ? await renderOnceAsync(board, 'race', async () => {
          const lines = await getRaceHistory({ db, taskId: task.id, teamIds: top.map((r) => r.teamId), higherIsBetter, cutoff: seen.publicCutoff });
          const names = new Map(top.map((r) => [r.teamId, r.team]));
          return raceChart({ lines: lines.map((l) => ({ team: names.get(l.teamId)!, points: l.points })), metric: task.metric, higherIsBetter });
        })
      : '';
  const base = `/challenges/${challenge.slug}/tasks/${task.slug}/leaderboard`;
  const stats = board ? await readBoardStats({ db, store: appBlobStore(), board }) : undefined;
  const api = `/api/v1/challenges/${challenge.slug}/tasks/${task.slug}/leaderboard?board=${kind}`;
  const phase = challengePhase(challenge, now);
  return (
    <>
      <AutoRefresh everyMs={5000} stampUrl={`/api/v1/challenges/${challenge.slug}/board-version`} stamp={stamp} />
      <ViewerParts challenge={challenge.slug} task={sp.team ? undefined : task.slug} stamp={stamp} rendered={rendered} />
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link> · <Link href={`/challenges/${challenge.slug}/tasks/${task.slug}`}>{task.title}</Link> ·{' '}
        <Link href={`/challenges/${challenge.slug}/leaderboard`}>All boards</Link>
      </p>
      <h1>{task.title}: leaderboard</h1>
      {myTeam && <DisqualifiedNotice team={myTeam} />}
      <ViewerNotice rendered={rendered} />
      <p className="muted">
        Ranked by <strong>{metricLabel(task.metric)}</strong> ({higherIsBetter ? 'higher is better' : 'lower is better'}). Equal scores share a rank; the team
        that reached the score first is listed first.
      </p>
      <nav className="row" aria-label="Boards">
        {boardKinds.map((k) => (
          <Link key={k} className={`btn ${k === kind ? '' : 'secondary'}`} href={`${base}?board=${k}`} aria-current={k === kind ? 'page' : undefined}>
            {labels[k]}
          </Link>
        ))}
        <span className="spacer" />
        {board && (
          <>
            <a href={`${api}&format=csv`}>CSV</a> <a href={`${api}&format=json`}>JSON</a>
          </>
        )}
      </nav>
      {board?.frozenAt && (
        <p className="alert info">
          The public board is frozen: it shows submissions up to <LocalTime date={board.frozenAt} withZone />.
        </p>
      )}
      {kind === 'private' && board && (
        <p className="muted small">
          Scores on the private part of the test set, from each team&apos;s final selections (up to {challenge.finalSelections}); a team that selected nothing is
          ranked by its best public submission (marked auto).{organizer && !seen.publicCutoff && phase !== 'ended' ? ' You see it as an organizer.' : ''}
        </p>
      )}
      {kind === 'private' && board && (
        <p className="small">
          <Link href={`/challenges/${challenge.slug}/tasks/${task.slug}/shake-up`}>Shake-up: public rank → private rank</Link>
        </p>
      )}
      {kind === 'late' && <p className="muted small">Submissions sent after the end. They are scored for comparison and never count on the final board.</p>}
      {refused && <p className="alert info">{refused}</p>}
      {board && (
        <>
          {(() => {
            const shared = renderOnce(board, base, () => taskBoardHtml({ board: board!, stats, historyHref: (teamId) => `?board=${kind}&team=${teamId}#history` }));
            return (
              <>
                <div dangerouslySetInnerHTML={{ __html: personalise(shared.html, myTeam?.id) }} />
                <LocalTimes stamp={shared.stamp} />
              </>
            );
          })()}
        <p className="muted small">{SIGNIFICANCE_METHOD} Under each score: its 95% interval. &quot;Tied&quot; shows the ranks a team cannot be told apart from.</p>
        </>
      )}
      {race && (
        <>
          <h2 id="race">The race: top {top.length} teams over time</h2>
          <Chart svg={race} testId="race-chart" caption={`Each team's best public ${metricLabel(task.metric)} at the end of each day (UTC) it submitted on; the ten teams at the top of this board.`} />
        </>
      )}
      {!sp.team && <ViewerHistory rendered={rendered} />}
      {history !== null && (
        <>
          <h2 id="history">Score history: {historyRow?.team ?? myTeam?.name}</h2>
          {history ? (
            <Chart svg={history} testId="history-chart" caption="Dots: the public score of every scored submission (blue: a new best). Line: the best so far." />
          ) : (
            <p className="muted">No scored submissions yet.</p>
          )}
        </>
      )}
    </>
  );
}
