ALTER TABLE "campaign_recipients" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "email_body" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "body_en" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "subject_en" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "email_body_en" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "offer_text" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "offer_text_en" text;