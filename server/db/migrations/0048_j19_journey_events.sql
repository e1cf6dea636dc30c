CREATE TABLE "journey_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"src" text NOT NULL,
	"ev" text NOT NULL,
	"channel" text,
	"at" timestamp with time zone NOT NULL,
	"outcome" text,
	"line" text,
	"ref" text,
	"wait_h" double precision,
	"score" double precision
);
--> statement-breakpoint
CREATE TABLE "journey_events_state" (
	"id" text PRIMARY KEY NOT NULL,
	"filled_at" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"last_ms" integer NOT NULL,
	"last_customers" integer NOT NULL,
	"stale" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "journey_events_customer" ON "journey_events" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "journey_events_at" ON "journey_events" USING btree ("at");