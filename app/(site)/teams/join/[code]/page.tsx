import type { Metadata } from 'next';
import Link from 'next/link';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { challenges } from '@/db/schema';
import { getTeamByInvite } from '@/lib/teams/queries';
import { pageCaller } from '../../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../../_lib/not-found';
import { JoinTeamForm } from '../../../challenges/[slug]/team/team-forms';

export const metadata: Metadata = { title: 'Join a team' };

/** Where an invite link lands: names the team and the challenge, and joins on a click. */
export default async function JoinByInvitePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  await pageCaller(`/teams/join/${code}`);
  const db = await getDb();
  const team = await notFoundOnPodiumError(getTeamByInvite({ db, code }));
  const [challenge] = await db.select({ slug: challenges.slug, title: challenges.title }).from(challenges).where(eq(challenges.id, team.challengeId));
  return (
    <>
      <h1>Join “{team.name}”</h1>
      <p>
        A team of {team.members} in <Link href={`/challenges/${challenge.slug}`}>{challenge.title}</Link>. Joining accepts the{' '}
        <Link href={`/challenges/${challenge.slug}#rules`}>challenge rules</Link>.
      </p>
      <JoinTeamForm challenge={challenge.slug} initialCode={code} />
    </>
  );
}
