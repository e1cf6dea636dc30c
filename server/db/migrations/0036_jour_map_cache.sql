CREATE TABLE "journey_map_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"journey_id" uuid NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"segment_id" uuid,
	"user_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	"compute_ms" integer NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"analysis" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journey_map_cache" ADD CONSTRAINT "journey_map_cache_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_map_cache" ADD CONSTRAINT "journey_map_cache_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "journey_map_cache_read" ON "journey_map_cache" USING btree ("read_at");--> statement-breakpoint
CREATE INDEX "journey_map_cache_journey" ON "journey_map_cache" USING btree ("journey_id");