ALTER TABLE "deals" ADD COLUMN "search_title" text GENERATED ALWAYS AS (fa_norm(title)) STORED;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "search_title" text GENERATED ALWAYS AS (fa_norm(title)) STORED;--> statement-breakpoint
CREATE INDEX "deals_title_trgm" ON "deals" USING gin ("search_title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_number_key_trgm" ON "documents" USING gin (regexp_replace(lower("number"), '[^a-z0-9]', '', 'g') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_title_trgm" ON "contracts" USING gin ("search_title" gin_trgm_ops);