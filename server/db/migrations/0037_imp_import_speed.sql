-- Custom SQL migration file, put your code below! --
-- hand-written
-- what every insert of customers pays (an import's chunk and a raw COPY alike), made cheaper without
-- changing a stored value or a search result (docs/decisions.md, "Import speed, third pass").
-- 1. jalali_md (customers.birthday_jmd is generated from it) was a SQL function with a FROM clause, which PostgreSQL
--    cannot inline: every inserted row ran it through the SQL-function executor (measured 65 µs a row, ~15 % of a COPY
--    of prepared customer rows). The same arithmetic as one expression is inlined (8× cheaper). Not STRICT: a STRICT
--    function whose body has a CASE is never inlined; NULL still gives NULL. Checked equal to the old body for every
--    day of 1849–2202 (server/modules/segments/segments.api.test.ts checks it against jalaali-js). The helper is called
--    schema-qualified: a pg_dump restore recomputes the generated column with an empty search_path.
CREATE OR REPLACE FUNCTION jalali_nowruz_mday(gy integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('{21,21,21,21,21,21,21,21,21,21,21,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,20,21,21,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,22,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,22,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,21,20,20,20,20,20,20,20,20,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,21,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,21,21,20,20,20,21,20,20,20,21,21}'::int[])[gy - 1849]
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jalali_md(d date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN extract(year FROM d) BETWEEN 1851 AND 2200 THEN
    CASE WHEN (d - CASE WHEN d >= make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) THEN make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) ELSE make_date(extract(year FROM d)::int - 1, 3, public.jalali_nowruz_mday(extract(year FROM d)::int - 1)) END) < 186
      THEN ((d - CASE WHEN d >= make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) THEN make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) ELSE make_date(extract(year FROM d)::int - 1, 3, public.jalali_nowruz_mday(extract(year FROM d)::int - 1)) END) / 31 + 1) * 100 + (d - CASE WHEN d >= make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) THEN make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) ELSE make_date(extract(year FROM d)::int - 1, 3, public.jalali_nowruz_mday(extract(year FROM d)::int - 1)) END) % 31 + 1
      ELSE (7 + ((d - CASE WHEN d >= make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) THEN make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) ELSE make_date(extract(year FROM d)::int - 1, 3, public.jalali_nowruz_mday(extract(year FROM d)::int - 1)) END) - 186) / 30) * 100 + ((d - CASE WHEN d >= make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) THEN make_date(extract(year FROM d)::int, 3, public.jalali_nowruz_mday(extract(year FROM d)::int)) ELSE make_date(extract(year FROM d)::int - 1, 3, public.jalali_nowruz_mday(extract(year FROM d)::int - 1)) END) - 186) % 30 + 1 END
  END
$$;
--> statement-breakpoint
-- 2. The search words of an insert statement: each distinct name value is normalized once (fa_norm per row and name
--    was most of the trigger's time: 1.55 s → 0.24 s for 20,000 imported rows). The words are the same set: fa_norm
--    maps and collapses characters one by one, so the words of the names joined by spaces are the words of each name.
CREATE OR REPLACE FUNCTION mehvar_add_search_words_of_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT w FROM (
      SELECT DISTINCT w FROM (
        SELECT DISTINCT n FROM new_customers, LATERAL (VALUES (first_name), (last_name), (org_name), (latin_name)) AS v(n) WHERE n IS NOT NULL
      ) names, regexp_split_to_table(fa_norm(n), ' ') AS w
      WHERE char_length(w) >= 3
    ) words ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
