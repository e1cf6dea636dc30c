CREATE TABLE "insight_refit_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by" uuid,
	"fit_id" uuid,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "insight_refit_runs" ADD CONSTRAINT "insight_refit_runs_fit_id_model_fits_id_fk" FOREIGN KEY ("fit_id") REFERENCES "public"."model_fits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_refit_runs_at" ON "insight_refit_runs" USING btree ("created_at" DESC NULLS LAST);