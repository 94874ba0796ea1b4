ALTER TABLE "submissions" ADD COLUMN "method_notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;