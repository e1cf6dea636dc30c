ALTER TABLE "customers" ADD COLUMN "favourite_product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tastes" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "preferred_language" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "contact_from" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "contact_to" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "important_dates" jsonb DEFAULT '[]'::jsonb NOT NULL;