-- The board version is bumped at commit, once per transaction and challenge, instead of inside every statement
-- (0007). A statement-level bump took the version row's lock in the middle of the writer's transaction, so a
-- transaction that wrote two submissions (submission row, then version row, then the second submission) and the
-- worker scoring that second one (its row, then the version row) waited for each other: a deadlock. Deferred
-- constraint triggers run when the transaction commits, after all its other locks are taken, and hold the version
-- row only for the commit itself. The bump stays in the writer's transaction, so the new version is visible at the
-- same instant as the data it covers, never before (lib/leaderboard/board-version.ts).
DROP TRIGGER IF EXISTS submissions_board_version_ins ON submissions;--> statement-breakpoint
DROP TRIGGER IF EXISTS submissions_board_version_upd ON submissions;--> statement-breakpoint
DROP TRIGGER IF EXISTS submissions_board_version_del ON submissions;--> statement-breakpoint
DROP TRIGGER IF EXISTS teams_board_version_ins ON teams;--> statement-breakpoint
DROP TRIGGER IF EXISTS teams_board_version_upd ON teams;--> statement-breakpoint
DROP TRIGGER IF EXISTS teams_board_version_del ON teams;--> statement-breakpoint
DROP TRIGGER IF EXISTS tasks_board_version_ins ON tasks;--> statement-breakpoint
DROP TRIGGER IF EXISTS tasks_board_version_upd ON tasks;--> statement-breakpoint
DROP TRIGGER IF EXISTS tasks_board_version_del ON tasks;--> statement-breakpoint
DROP TRIGGER IF EXISTS tracks_board_version_ins ON tracks;--> statement-breakpoint
DROP TRIGGER IF EXISTS tracks_board_version_upd ON tracks;--> statement-breakpoint
DROP TRIGGER IF EXISTS tracks_board_version_del ON tracks;--> statement-breakpoint
DROP TRIGGER IF EXISTS challenges_board_version_upd ON challenges;--> statement-breakpoint
DROP FUNCTION IF EXISTS podium_bump_board_version();--> statement-breakpoint
DROP FUNCTION IF EXISTS podium_bump_board_version_on_submission_update();--> statement-breakpoint
-- One bump per challenge per transaction: a transaction-local setting remembers that this transaction has bumped.
-- A challenge deleted in the same transaction has no version row to bump (it went with the challenge).
CREATE OR REPLACE FUNCTION podium_bump_board_version_once(cid uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  flag text := 'podium.board_bumped_' || replace(cid::text, '-', '_');
BEGIN
  IF cid IS NULL OR coalesce(current_setting(flag, true), '') = '1' THEN
    RETURN;
  END IF;
  INSERT INTO board_versions (challenge_id, version)
    SELECT c.id, 1 FROM challenges c WHERE c.id = cid
    ON CONFLICT (challenge_id) DO UPDATE SET version = board_versions.version + 1;
  PERFORM set_config(flag, '1', true);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION podium_board_version_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  cid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'submissions' THEN
    SELECT t.challenge_id INTO cid FROM tasks t WHERE t.id = r.task_id;
  ELSIF TG_TABLE_NAME = 'challenges' THEN
    cid := r.id;
  ELSE
    cid := r.challenge_id;
  END IF;
  PERFORM podium_bump_board_version_once(cid);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER submissions_board_version_ins_del AFTER INSERT OR DELETE ON submissions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION podium_board_version_at_commit();
--> statement-breakpoint
-- Updates of submissions bump only when a column a board shows changed: the queue's heartbeats (lease, attempts,
-- worker) and notes must not invalidate every board of the challenge every few seconds. The condition is checked
-- when the row changes, so a heartbeat queues nothing for the commit.
CREATE CONSTRAINT TRIGGER submissions_board_version_upd AFTER UPDATE ON submissions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((NEW.task_id, NEW.team_id, NEW.status, NEW.late, NEW.selected, NEW.public_score, NEW.private_score, NEW.public_metrics, NEW.private_metrics,
         NEW.details, NEW.predictions_storage_key, NEW.created_at, NEW.scored_at)
        IS DISTINCT FROM
        (OLD.task_id, OLD.team_id, OLD.status, OLD.late, OLD.selected, OLD.public_score, OLD.private_score, OLD.public_metrics, OLD.private_metrics,
         OLD.details, OLD.predictions_storage_key, OLD.created_at, OLD.scored_at))
  EXECUTE FUNCTION podium_board_version_at_commit();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER teams_board_version AFTER INSERT OR UPDATE OR DELETE ON teams DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION podium_board_version_at_commit();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tasks_board_version AFTER INSERT OR UPDATE OR DELETE ON tasks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION podium_board_version_at_commit();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tracks_board_version AFTER INSERT OR UPDATE OR DELETE ON tracks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION podium_board_version_at_commit();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER challenges_board_version AFTER UPDATE ON challenges DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION podium_board_version_at_commit();
