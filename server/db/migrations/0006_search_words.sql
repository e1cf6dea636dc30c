-- The vocabulary of customer names: every normalized word of 3+ letters in first, last, organization and Latin names.
-- A mistyped search word is corrected against this small table (trigram similarity over thousands of words) and the
-- corrected words are searched exactly, instead of comparing the mistyped word with a million search documents
-- (customers.query.ts, fuzzyPlan). Kept by a trigger; words no longer used stay (harmless: they match nobody).
CREATE TABLE IF NOT EXISTS "search_words" ("word" text PRIMARY KEY);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_words_trgm" ON "search_words" USING gin ("word" gin_trgm_ops);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mehvar_add_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM regexp_split_to_table(fa_norm(concat_ws(' ', NEW.first_name, NEW.last_name, NEW.org_name, NEW.latin_name)), ' ') AS w
    WHERE char_length(w) >= 3
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS customers_search_words ON customers;
--> statement-breakpoint
CREATE TRIGGER customers_search_words AFTER INSERT OR UPDATE OF first_name, last_name, org_name, latin_name ON customers
  FOR EACH ROW EXECUTE FUNCTION mehvar_add_search_words();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT DISTINCT w FROM customers, regexp_split_to_table(fa_norm(concat_ws(' ', first_name, last_name, org_name, latin_name)), ' ') AS w
  WHERE char_length(w) >= 3
ON CONFLICT DO NOTHING;
