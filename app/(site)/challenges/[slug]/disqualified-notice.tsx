/** What a disqualified team sees on every page of its challenge (the rule itself is lib/challenges/viewing.ts). */
export function DisqualifiedNotice({ team }: { team: { name: string; disqualifiedAt: Date | null; disqualifiedReason?: string | null } }) {
  if (!team.disqualifiedAt) return null;
  return (
    <p className="alert error" data-testid="disqualified">
      Your team <strong>{team.name}</strong> was disqualified{team.disqualifiedReason ? `: ${team.disqualifiedReason}` : ''}. It is off the
      leaderboards and can no longer download the data, submit or rename itself; write to the organizers if you think this is a mistake.
    </p>
  );
}
