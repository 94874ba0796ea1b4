ALTER TABLE "submissions" ADD COLUMN "predictions_storage_key" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "worker_id" text;