import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { getDb } from '@/db';
import { challengePhase } from '@/lib/challenges/phase';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { mergeClosesAt } from '@/lib/teams/merge';
import { getMyTeam } from '@/lib/teams/queries';
import { pageCaller } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { LocalTime } from '../../../../_components/local-time';
import { CreateTeamForm, JoinTeamForm, SmallTeamAction } from './team-forms';

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: 'Your team' };

export default async function TeamPage({ params }: Props) {
  const { slug } = await params;
  const caller = await pageCaller(`/challenges/${slug}/team`);
  const db = await getDb();
  const challenge = await notFoundOnPodiumError(getChallengeBySlug({ db, slug }));
  const team = await getMyTeam({ db, challengeId: challenge.id, userId: caller.userId });
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host')}`;
  const ended = challengePhase(challenge) === 'ended';
  return (
    <>
      <p className="small">
        <Link href={`/challenges/${challenge.slug}`}>← {challenge.title}</Link>
      </p>
      <h1>Your team</h1>
      <p className="muted small">
        Teams of up to {challenge.teamSizeLimit}. Submissions and their limits ({challenge.dailySubmissionLimit} a day, {challenge.totalSubmissionLimit} in total,
        per task) belong to the team. Teams can merge, and people who have submitted can change teams, until <LocalTime date={mergeClosesAt(challenge)} withZone />;
        a merge must keep the merged team within those limits.
      </p>
      {!team && (
        <p className="alert info">
          <Link href={`/challenges/${challenge.slug}#rules`}>Accept the rules</Link> to join on your own, or join a team with its invite code below.
        </p>
      )}
      {team && (
        <div className="card">
          <h2 style={{ marginTop: 0 }} data-testid="team-name">
            {team.name}
          </h2>
          {team.disqualifiedAt && <p className="alert error">This team was disqualified: {team.disqualifiedReason}</p>}
          <ul>
            {team.members.map((m) => (
              <li key={m.userId}>
                {m.name ?? m.email} {m.userId === caller.userId && <span className="badge ok">you</span>}
              </li>
            ))}
          </ul>
          <p>
            Invite link: <code data-testid="invite-link">{`${origin}/teams/join/${team.inviteCode}`}</code>
            <br />
            Invite code: <code data-testid="invite-code">{team.inviteCode}</code>
          </p>
          {!ended && (
            <div className="row">
              <SmallTeamAction challenge={challenge.slug} kind="reset" />
              {team.members.length > 1 && <SmallTeamAction challenge={challenge.slug} kind="leave" />}
            </div>
          )}
        </div>
      )}
      {team && !ended && (
        <>
          <h2>{team.members.length === 1 ? 'Name your team' : 'Start another team'}</h2>
          <CreateTeamForm challenge={challenge.slug} alone={team.members.length === 1} />
        </>
      )}
      {!ended && (
        <>
          <h2>Join a team</h2>
          <p className="muted small">
            {team && team.members.length === 1
              ? 'If your team has submissions, joining merges them into the other team.'
              : 'Paste the code or link the team shared with you.'}
          </p>
          <JoinTeamForm challenge={challenge.slug} canMerge={Boolean(team && team.members.length > 1)} />
        </>
      )}
    </>
  );
}
