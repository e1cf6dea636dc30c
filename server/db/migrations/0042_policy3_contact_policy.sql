CREATE TABLE "marketing_suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "marketing" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "marketing_suppressions_address_uq" ON "marketing_suppressions" USING btree ("channel","address");--> statement-breakpoint
CREATE INDEX "messages_marketing" ON "messages" USING btree ("customer_id","created_at") WHERE marketing;