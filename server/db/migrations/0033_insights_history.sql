CREATE TABLE "customer_score_history" (
	"customer_id" uuid NOT NULL,
	"day" date NOT NULL,
	"fit_id" uuid,
	"p_alive" double precision NOT NULL,
	"health" integer NOT NULL,
	"churn_risk" integer NOT NULL,
	"clv" double precision NOT NULL,
	CONSTRAINT "customer_score_history_customer_id_day_pk" PRIMARY KEY("customer_id","day")
);
--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "prev_day" date;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "prev_p_alive" double precision;--> statement-breakpoint
ALTER TABLE "customer_scores" ADD COLUMN "prev_health" integer;--> statement-breakpoint
ALTER TABLE "customer_score_history" ADD CONSTRAINT "customer_score_history_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_score_history" ADD CONSTRAINT "customer_score_history_fit_id_model_fits_id_fk" FOREIGN KEY ("fit_id") REFERENCES "public"."model_fits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_scores_clv" ON "customer_scores" USING btree ("clv" DESC NULLS LAST);--> statement-breakpoint
-- hand-written: the scores stored before this migration become the first day of each customer's history.
INSERT INTO "customer_score_history" ("customer_id", "day", "fit_id", "p_alive", "health", "churn_risk", "clv")
SELECT "customer_id", ("computed_at" AT TIME ZONE 'UTC')::date, "fit_id", "p_alive", "health", "churn_risk", "clv" FROM "customer_scores"
ON CONFLICT DO NOTHING;
