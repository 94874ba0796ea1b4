CREATE TABLE "board_versions" (
	"challenge_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_versions" ADD CONSTRAINT "board_versions_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every change that can alter a board bumps its challenge's counter in the same transaction, so a reader that
-- sees the new version and then reads the board sees the change (lib/leaderboard/board-version.ts).
CREATE OR REPLACE FUNCTION podium_bump_board_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'submissions' THEN
    INSERT INTO board_versions (challenge_id, version)
      SELECT DISTINCT t.challenge_id, 1 FROM changed r JOIN tasks t ON t.id = r.task_id
      ON CONFLICT (challenge_id) DO UPDATE SET version = board_versions.version + 1;
  ELSIF TG_TABLE_NAME = 'challenges' THEN
    INSERT INTO board_versions (challenge_id, version)
      SELECT DISTINCT r.id, 1 FROM changed r JOIN challenges c ON c.id = r.id
      ON CONFLICT (challenge_id) DO UPDATE SET version = board_versions.version + 1;
  ELSE
    INSERT INTO board_versions (challenge_id, version)
      SELECT DISTINCT r.challenge_id, 1 FROM changed r JOIN challenges c ON c.id = r.challenge_id
      ON CONFLICT (challenge_id) DO UPDATE SET version = board_versions.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Updates of submissions bump only when a column a board shows changed: the queue's heartbeats (lease, attempts,
-- worker) and notes must not invalidate every board of the challenge every few seconds.
CREATE OR REPLACE FUNCTION podium_bump_board_version_on_submission_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_versions (challenge_id, version)
    SELECT DISTINCT t.challenge_id, 1
    FROM changed n JOIN old_rows o ON o.id = n.id JOIN tasks t ON t.id = n.task_id
    WHERE (n.task_id, n.team_id, n.status, n.late, n.selected, n.public_score, n.private_score, n.public_metrics, n.private_metrics,
           n.details, n.predictions_storage_key, n.created_at, n.scored_at)
      IS DISTINCT FROM
          (o.task_id, o.team_id, o.status, o.late, o.selected, o.public_score, o.private_score, o.public_metrics, o.private_metrics,
           o.details, o.predictions_storage_key, o.created_at, o.scored_at)
    ON CONFLICT (challenge_id) DO UPDATE SET version = board_versions.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER submissions_board_version_ins AFTER INSERT ON submissions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER submissions_board_version_upd AFTER UPDATE ON submissions REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version_on_submission_update();
--> statement-breakpoint
CREATE TRIGGER submissions_board_version_del AFTER DELETE ON submissions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER teams_board_version_ins AFTER INSERT ON teams REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER teams_board_version_upd AFTER UPDATE ON teams REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER teams_board_version_del AFTER DELETE ON teams REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER tasks_board_version_ins AFTER INSERT ON tasks REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER tasks_board_version_upd AFTER UPDATE ON tasks REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER tasks_board_version_del AFTER DELETE ON tasks REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER tracks_board_version_ins AFTER INSERT ON tracks REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER tracks_board_version_upd AFTER UPDATE ON tracks REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER tracks_board_version_del AFTER DELETE ON tracks REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
--> statement-breakpoint
CREATE TRIGGER challenges_board_version_upd AFTER UPDATE ON challenges REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION podium_bump_board_version();
