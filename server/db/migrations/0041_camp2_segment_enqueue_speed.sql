DROP INDEX "campaign_recipients_pending";--> statement-breakpoint
DROP INDEX "campaign_recipients_queued_at";--> statement-breakpoint
CREATE INDEX "customers_city" ON "customers" USING btree ("city");--> statement-breakpoint
CREATE INDEX "customers_province" ON "customers" USING btree ("province");--> statement-breakpoint
CREATE INDEX "campaign_recipients_pending" ON "campaign_recipients" USING btree ("campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "campaign_recipients_queued_at" ON "campaign_recipients" USING btree ("queued_at","campaign_id");--> statement-breakpoint
-- hand-written
-- Whether any item of a text array has one of the keys as its fa_norm: the segment rule on tags. A function (not
-- inlined, being a subquery) rather than the subquery in the rule itself, so the count over customers can be a
-- parallel scan; schema-qualified for a restore's empty search_path.
CREATE OR REPLACE FUNCTION fa_norm_any(items text[], keys text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM unnest(items) AS t(v) WHERE public.fa_norm(t.v) = ANY(keys))
$$;
