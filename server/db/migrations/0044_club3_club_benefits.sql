CREATE TABLE "loyalty_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"source" text NOT NULL,
	"text" text,
	"link" text,
	"recorded_by" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "loyalty_reviews_rating" CHECK ("loyalty_reviews"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "scorecard_snapshots" (
	"calendar" text NOT NULL,
	"month" text NOT NULL,
	"score" integer NOT NULL,
	"items" jsonb NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scorecard_snapshots_calendar_month_pk" PRIMARY KEY("calendar","month")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "referred_by_customer_id" uuid;--> statement-breakpoint
ALTER TABLE "loyalty_reviews" ADD CONSTRAINT "loyalty_reviews_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_reviews_customer" ON "loyalty_reviews" USING btree ("customer_id","at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_referred_by_customer_id_customers_id_fk" FOREIGN KEY ("referred_by_customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;