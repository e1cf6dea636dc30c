CREATE INDEX "deals_title_trgm" ON "deals" USING gin (fa_norm("title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_number_key_trgm" ON "documents" USING gin (regexp_replace(lower("number"), '[^a-z0-9]', '', 'g') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_title_trgm" ON "contracts" USING gin (fa_norm("title") gin_trgm_ops);