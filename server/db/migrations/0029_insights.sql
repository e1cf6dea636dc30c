CREATE TABLE "customer_scores" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"fit_id" uuid,
	"recency" integer NOT NULL,
	"frequency" integer NOT NULL,
	"monetary" double precision NOT NULL,
	"r_score" integer NOT NULL,
	"f_score" integer NOT NULL,
	"m_score" integer NOT NULL,
	"rfm_segment" text NOT NULL,
	"p_alive" double precision NOT NULL,
	"expected_purchases_90" double precision NOT NULL,
	"expected_next_purchase" date,
	"clv" double precision NOT NULL,
	"churn_risk" integer NOT NULL,
	"health" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"offers" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_fits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"spend_params" jsonb,
	"log_likelihood" double precision,
	"customers" integer NOT NULL,
	"repeat_buyers" integer NOT NULL,
	"transactions" integer NOT NULL,
	"fit_ms" integer NOT NULL,
	"total_ms" integer NOT NULL,
	"quality" jsonb,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD CONSTRAINT "customer_scores_fit_id_model_fits_id_fk" FOREIGN KEY ("fit_id") REFERENCES "public"."model_fits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_scores_churn" ON "customer_scores" USING btree ("churn_risk");--> statement-breakpoint
CREATE INDEX "customer_scores_segment" ON "customer_scores" USING btree ("rfm_segment");--> statement-breakpoint
CREATE INDEX "model_fits_at" ON "model_fits" USING btree ("fitted_at" DESC NULLS LAST);