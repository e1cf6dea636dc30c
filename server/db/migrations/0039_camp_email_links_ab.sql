ALTER TABLE "campaign_recipients" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "variant" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "clicked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "clicks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "unsubscribed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "link_url" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "rate_per_minute" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "body_b" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "subject_b" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_rule" text DEFAULT 'clicks' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_hours" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_winner" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_decided_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "campaign_recipients_queued_at" ON "campaign_recipients" USING btree ("queued_at");