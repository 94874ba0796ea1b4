import type { Metadata } from 'next';
import Link from 'next/link';
import { metricLabel } from '@/lib/scoring/metrics/labels';
import { getTeamOf } from '@/lib/submissions/teams';
import { DisqualifiedNotice } from './disqualified-notice';
import { getDb } from '@/db';
import { challengePhase } from '@/lib/challenges/phase';
import { getChallengeBySlug, hasAcceptedRules, listTracks } from '@/lib/challenges/queries';
import { listTasks } from '@/lib/tasks/queries';
import { listAnnouncements } from '@/lib/challenges/season';
import { getCaller } from '../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../_lib/not-found';
import { Countdown } from '../../../_components/countdown';
import { LocalTime } from '../../../_components/local-time';
import { Markdown } from '../../../_components/markdown';
import { AcceptRulesButton } from './accept-rules';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ChallengePage({ params }: Props) {
  const { slug } = await params;
  const caller = await getCaller();
  const db = await getDb();
  const c = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const [trackRows, taskRows, accepted, notes, team] = await Promise.all([
    listTracks({ db, challengeId: c.id }),
    listTasks({ db, challengeId: c.id }),
    caller ? hasAcceptedRules({ db, challengeId: c.id, userId: caller.userId }) : null,
    listAnnouncements({ db, challengeId: c.id }),
    caller ? getTeamOf({ db, challengeId: c.id, userId: caller.userId }) : undefined,
  ]);
  const phase = challengePhase(c);
  return (
    <>
      <div className="row">
        <h1>{c.title}</h1>
        <span className="spacer" />
        {caller?.role === 'organizer' && (
          <Link className="btn secondary" href={`/organizer/challenges/${c.slug}`}>
            Manage
          </Link>
        )}
      </div>
      {team && <DisqualifiedNotice team={team} />}
      <div className="card row">
        <span className={`badge ${phase === 'running' ? 'ok' : phase === 'ended' ? '' : 'warn'}`}>{phase}</span>
        <span>
          <LocalTime date={c.startAt} withZone /> → <LocalTime date={c.endAt} withZone />
        </span>
        {phase === 'upcoming' && <Countdown to={c.startAt.toISOString()} label="Starts in" />}
        {phase === 'running' && <Countdown to={c.endAt.toISOString()} label="Ends in" />}
        <span className="spacer" />
        <span className="muted small">
          {c.dailySubmissionLimit}/day per task · teams up to {c.teamSizeLimit} · {c.finalSelections} final selections
        </span>
      </div>
      <div className="card">
        {!caller && (
          <p>
            <Link href={`/signin?callbackUrl=/challenges/${c.slug}`}>Sign in</Link> to join this challenge and download its data.
          </p>
        )}
        {caller && accepted && (
          <p className="muted" style={{ margin: 0 }}>
            You accepted the rules on <LocalTime date={accepted} />.
          </p>
        )}
        {caller && !accepted && (
          <>
            <p style={{ marginTop: 0 }}>Read the rules below. Accepting them lets you download the data and submit.</p>
            <AcceptRulesButton challenge={c.slug} />
          </>
        )}
      </div>
      <p className="row" data-testid="challenge-links">
        <Link href={`/challenges/${c.slug}/leaderboard`}>Leaderboards</Link>
        <Link href={`/challenges/${c.slug}/matrix`}>Teams × tasks</Link>
        {phase === 'ended' && <Link href={`/challenges/${c.slug}/methods`}>Methods</Link>}
        {caller && <Link href={`/challenges/${c.slug}/team`}>Your team</Link>}
        {team && <Link href={`/challenges/${c.slug}/submissions`}>My submissions</Link>}
        {caller?.role === 'organizer' && <Link href={`/organizer/challenges/${c.slug}/board`}>Board controls</Link>}
      </p>
      {notes.length > 0 && (
        <section className="card" aria-labelledby="announcements">
          <h2 id="announcements" style={{ marginTop: 0 }}>
            Announcements
          </h2>
          {notes.map((a) => (
            <article key={a.id} className="announcement">
              <p className="muted small" style={{ marginBottom: 0 }}>
                <LocalTime date={a.createdAt} withZone />
                {a.author ? ` · ${a.author}` : ''}
              </p>
              <Markdown text={a.body} />
            </article>
          ))}
        </section>
      )}
      <Markdown text={c.description} />
      {trackRows.map((t) => {
        const inTrack = taskRows.filter((x) => x.trackSlug === t.slug);
        return (
          <section key={t.id}>
            <h2>
              {t.title} track{' '}
              <Link className="small" href={`/challenges/${c.slug}/tracks/${t.slug}`}>
                leaderboard
              </Link>
            </h2>
            {t.description && <p className="muted">{t.description}</p>}
            <div className="grid">
              {inTrack.map((task) => (
                <Link key={task.id} className="card" style={{ color: 'inherit' }} href={`/challenges/${c.slug}/tasks/${task.slug}`}>
                  <strong>{task.title}</strong>
                  <div className="muted small">
                    {task.type} · ranked by {metricLabel(task.metric)}
                  </div>
                </Link>
              ))}
              {inTrack.length === 0 && <div className="muted">No tasks yet.</div>}
            </div>
          </section>
        );
      })}
      <h2 id="rules">Rules</h2>
      <div className="card">
        <Markdown text={c.rules || '_No rules written yet._'} />
      </div>
    </>
  );
}
