CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"raw_number" text NOT NULL,
	"number" text NOT NULL,
	"number_valid" boolean NOT NULL,
	"extension" text,
	"rang_extensions" text[] DEFAULT '{}'::text[] NOT NULL,
	"notified_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"dismissed_by" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"agent_id" uuid,
	"customer_id" uuid,
	"match_count" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_sec" integer,
	"outcome" text,
	"recording" text,
	"interaction_id" uuid,
	"callback_task_id" uuid,
	"notes_saved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "recording" text;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calls_source_external" ON "calls" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "calls_started" ON "calls" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_customer_started" ON "calls" USING btree ("customer_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_agent_started" ON "calls" USING btree ("agent_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_number" ON "calls" USING btree ("number");