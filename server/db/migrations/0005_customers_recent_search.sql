-- The search box's probe and its walk over customers who match a very common text (customers.query.ts, probeDensity):
-- most recently updated first, with search_doc in the index so neither reads the table.
CREATE INDEX IF NOT EXISTS "customers_recent_search" ON "customers" USING btree ("updated_at" DESC NULLS LAST, "id") INCLUDE ("search_doc") WHERE "deleted_at" IS NULL;
