CREATE TABLE "scorecard_snapshots" (
	"calendar" text NOT NULL,
	"month" text NOT NULL,
	"score" integer NOT NULL,
	"items" jsonb NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scorecard_snapshots_calendar_month_pk" PRIMARY KEY("calendar","month")
);
