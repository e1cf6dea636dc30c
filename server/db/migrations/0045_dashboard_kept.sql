CREATE TABLE "dashboard_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"query" jsonb NOT NULL,
	"user_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	"compute_ms" integer NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"view" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dashboard_cache" ADD CONSTRAINT "dashboard_cache_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_cache_read" ON "dashboard_cache" USING btree ("read_at");--> statement-breakpoint
CREATE INDEX "dashboard_cache_computed" ON "dashboard_cache" USING btree ("computed_at");