-- jalali_md(d): month × 100 + day of the Jalali date of a Gregorian date (1370/05/12 → 512), for birthdays by the
-- Jalali calendar. Nowruz (Farvardin 1) falls on March 20, 21 or 22: the table holds its day for the Gregorian years
-- 1850–2200, computed with jalaali-js (server/modules/segments/jalali-days.ts, whose jalaliMonthDay is the twin).
-- Farvardin–Shahrivar have 31 days, Mehr–Bahman 30, Esfand 29 or 30. Outside the table's years: NULL.
CREATE OR REPLACE FUNCTION jalali_md(d date) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN k < 186 THEN (k / 31 + 1) * 100 + k % 31 + 1 ELSE (7 + (k - 186) / 30) * 100 + (k - 186) % 30 + 1 END
  FROM (
    SELECT d - CASE WHEN d >= make_date(gy, 3, days[gy - 1849]) THEN make_date(gy, 3, days[gy - 1849])
                    ELSE make_date(gy - 1, 3, days[gy - 1850]) END AS k
    FROM (SELECT extract(year FROM d)::int AS gy, '{21,21,21,21,21,21,21,21,21,21,21,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,20,21,21,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,20,20,20,20,20,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,20,21,20,20,20,21,21}'::int[] AS days) y
    WHERE extract(year FROM d) BETWEEN 1851 AND 2200
  ) z
$$;
--> statement-breakpoint
CREATE TABLE "segment_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"segment_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rules" jsonb NOT NULL,
	"kind" text NOT NULL,
	"shared" boolean DEFAULT true NOT NULL,
	"owner_id" uuid,
	"snapshot_count" integer,
	"snapshot_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "birthday_jmd" integer GENERATED ALWAYS AS (jalali_md(birthday)) STORED;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_members_segment" ON "segment_members" USING btree ("segment_id","customer_id");--> statement-breakpoint
CREATE INDEX "segment_members_customer" ON "segment_members" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "segments_name" ON "segments" USING btree ("name");