CREATE TABLE "bulk_edits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"action" text NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "list_preferences" (
	"user_id" uuid NOT NULL,
	"list" text NOT NULL,
	"columns" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "list_preferences_user_id_list_pk" PRIMARY KEY("user_id","list")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulk_edits" ADD CONSTRAINT "bulk_edits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_preferences" ADD CONSTRAINT "list_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_edits_user" ON "bulk_edits" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "customers_last_activity" ON "customers" USING btree ("last_activity_at" DESC NULLS LAST,"id");--> statement-breakpoint
-- Backfill: the latest interaction (by when it happened), ticket or document change of each customer.
UPDATE "customers" c SET "last_activity_at" = x.at FROM (
	SELECT customer_id, max(at) AS at FROM (
		SELECT customer_id, LEAST(occurred_at, now()) AS at FROM interactions WHERE deleted_at IS NULL
		UNION ALL SELECT customer_id, updated_at FROM tickets
		UNION ALL SELECT customer_id, updated_at FROM documents
	) a GROUP BY customer_id
) x WHERE x.customer_id = c.id;
