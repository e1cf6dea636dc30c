CREATE TABLE "sales_calendar" (
	"calendar" text NOT NULL,
	"grain" text NOT NULL,
	"start" date NOT NULL,
	"stop" date NOT NULL,
	CONSTRAINT "sales_calendar_calendar_grain_start_pk" PRIMARY KEY("calendar","grain","start")
);
--> statement-breakpoint
CREATE TABLE "sales_first_orders" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"first_day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_rollup" (
	"grain" text NOT NULL,
	"calendar" text NOT NULL,
	"start" date NOT NULL,
	"customer_id" uuid NOT NULL,
	"docs" integer NOT NULL,
	"orders" integer NOT NULL,
	"gross" bigint NOT NULL,
	"net" bigint NOT NULL,
	CONSTRAINT "sales_rollup_grain_calendar_start_customer_id_pk" PRIMARY KEY("grain","calendar","start","customer_id")
);
--> statement-breakpoint
CREATE INDEX "sales_first_orders_day" ON "sales_first_orders" USING btree ("first_day");--> statement-breakpoint
CREATE INDEX "sales_rollup_customer" ON "sales_rollup" USING btree ("customer_id","grain","start");--> statement-breakpoint
-- hand-written: the sales rollup (server/modules/documents/sales-rollup.tables.ts; docs/decisions.md "Sales rollup").
-- 1. Month and year boundaries of both calendars. Jalali: from each year's 1 Farvardin (jalaali-js, Jalali years
-- 1250–1650 = 1871–2272); months 1–6 have 31 days, 7–11 30, Esfand runs to the next Nowruz.
INSERT INTO "sales_calendar" ("calendar", "grain", "start", "stop")
SELECT 'jalali', 'year', n.day, n.next FROM (
  SELECT v.day::date AS day, lead(v.day::date) OVER (ORDER BY v.day::date) AS next FROM (VALUES ('1871-03-21'),('1872-03-20'),('1873-03-21'),('1874-03-21'),('1875-03-21'),('1876-03-20'),('1877-03-21'),('1878-03-21'),('1879-03-21'),('1880-03-20'),('1881-03-21'),('1882-03-21'),('1883-03-21'),('1884-03-20'),('1885-03-21'),('1886-03-21'),('1887-03-21'),('1888-03-20'),('1889-03-21'),('1890-03-21'),('1891-03-21'),('1892-03-20'),('1893-03-21'),('1894-03-21'),('1895-03-21'),('1896-03-20'),('1897-03-20'),('1898-03-21'),('1899-03-21'),('1900-03-21'),('1901-03-21'),('1902-03-22'),('1903-03-22'),('1904-03-21'),('1905-03-21'),('1906-03-22'),('1907-03-22'),('1908-03-21'),('1909-03-21'),('1910-03-22'),('1911-03-22'),('1912-03-21'),('1913-03-21'),('1914-03-22'),('1915-03-22'),('1916-03-21'),('1917-03-21'),('1918-03-22'),('1919-03-22'),('1920-03-21'),('1921-03-21'),('1922-03-22'),('1923-03-22'),('1924-03-21'),('1925-03-21'),('1926-03-22'),('1927-03-22'),('1928-03-21'),('1929-03-21'),('1930-03-21'),('1931-03-22'),('1932-03-21'),('1933-03-21'),('1934-03-21'),('1935-03-22'),('1936-03-21'),('1937-03-21'),('1938-03-21'),('1939-03-22'),('1940-03-21'),('1941-03-21'),('1942-03-21'),('1943-03-22'),('1944-03-21'),('1945-03-21'),('1946-03-21'),('1947-03-22'),('1948-03-21'),('1949-03-21'),('1950-03-21'),('1951-03-22'),('1952-03-21'),('1953-03-21'),('1954-03-21'),('1955-03-22'),('1956-03-21'),('1957-03-21'),('1958-03-21'),('1959-03-22'),('1960-03-21'),('1961-03-21'),('1962-03-21'),('1963-03-21'),('1964-03-21'),('1965-03-21'),('1966-03-21'),('1967-03-21'),('1968-03-21'),('1969-03-21'),('1970-03-21'),('1971-03-21'),('1972-03-21'),('1973-03-21'),('1974-03-21'),('1975-03-21'),('1976-03-21'),('1977-03-21'),('1978-03-21'),('1979-03-21'),('1980-03-21'),('1981-03-21'),('1982-03-21'),('1983-03-21'),('1984-03-21'),('1985-03-21'),('1986-03-21'),('1987-03-21'),('1988-03-21'),('1989-03-21'),('1990-03-21'),('1991-03-21'),('1992-03-21'),('1993-03-21'),('1994-03-21'),('1995-03-21'),('1996-03-20'),('1997-03-21'),('1998-03-21'),('1999-03-21'),('2000-03-20'),('2001-03-21'),('2002-03-21'),('2003-03-21'),('2004-03-20'),('2005-03-21'),('2006-03-21'),('2007-03-21'),('2008-03-20'),('2009-03-21'),('2010-03-21'),('2011-03-21'),('2012-03-20'),('2013-03-21'),('2014-03-21'),('2015-03-21'),('2016-03-20'),('2017-03-21'),('2018-03-21'),('2019-03-21'),('2020-03-20'),('2021-03-21'),('2022-03-21'),('2023-03-21'),('2024-03-20'),('2025-03-21'),('2026-03-21'),('2027-03-21'),('2028-03-20'),('2029-03-20'),('2030-03-21'),('2031-03-21'),('2032-03-20'),('2033-03-20'),('2034-03-21'),('2035-03-21'),('2036-03-20'),('2037-03-20'),('2038-03-21'),('2039-03-21'),('2040-03-20'),('2041-03-20'),('2042-03-21'),('2043-03-21'),('2044-03-20'),('2045-03-20'),('2046-03-21'),('2047-03-21'),('2048-03-20'),('2049-03-20'),('2050-03-21'),('2051-03-21'),('2052-03-20'),('2053-03-20'),('2054-03-21'),('2055-03-21'),('2056-03-20'),('2057-03-20'),('2058-03-21'),('2059-03-21'),('2060-03-20'),('2061-03-20'),('2062-03-20'),('2063-03-21'),('2064-03-20'),('2065-03-20'),('2066-03-20'),('2067-03-21'),('2068-03-20'),('2069-03-20'),('2070-03-20'),('2071-03-21'),('2072-03-20'),('2073-03-20'),('2074-03-20'),('2075-03-21'),('2076-03-20'),('2077-03-20'),('2078-03-20'),('2079-03-21'),('2080-03-20'),('2081-03-20'),('2082-03-20'),('2083-03-21'),('2084-03-20'),('2085-03-20'),('2086-03-20'),('2087-03-21'),('2088-03-20'),('2089-03-20'),('2090-03-20'),('2091-03-21'),('2092-03-20'),('2093-03-20'),('2094-03-20'),('2095-03-20'),('2096-03-20'),('2097-03-20'),('2098-03-20'),('2099-03-20'),('2100-03-21'),('2101-03-21'),('2102-03-21'),('2103-03-21'),('2104-03-21'),('2105-03-21'),('2106-03-21'),('2107-03-21'),('2108-03-21'),('2109-03-21'),('2110-03-21'),('2111-03-21'),('2112-03-21'),('2113-03-21'),('2114-03-21'),('2115-03-21'),('2116-03-21'),('2117-03-21'),('2118-03-21'),('2119-03-21'),('2120-03-21'),('2121-03-21'),('2122-03-21'),('2123-03-21'),('2124-03-21'),('2125-03-21'),('2126-03-21'),('2127-03-21'),('2128-03-20'),('2129-03-21'),('2130-03-21'),('2131-03-21'),('2132-03-20'),('2133-03-21'),('2134-03-21'),('2135-03-21'),('2136-03-20'),('2137-03-21'),('2138-03-21'),('2139-03-21'),('2140-03-20'),('2141-03-21'),('2142-03-21'),('2143-03-21'),('2144-03-20'),('2145-03-21'),('2146-03-21'),('2147-03-21'),('2148-03-20'),('2149-03-21'),('2150-03-21'),('2151-03-21'),('2152-03-20'),('2153-03-21'),('2154-03-21'),('2155-03-21'),('2156-03-20'),('2157-03-21'),('2158-03-21'),('2159-03-21'),('2160-03-20'),('2161-03-20'),('2162-03-21'),('2163-03-21'),('2164-03-20'),('2165-03-20'),('2166-03-21'),('2167-03-21'),('2168-03-20'),('2169-03-20'),('2170-03-21'),('2171-03-21'),('2172-03-20'),('2173-03-20'),('2174-03-21'),('2175-03-21'),('2176-03-20'),('2177-03-20'),('2178-03-21'),('2179-03-21'),('2180-03-20'),('2181-03-20'),('2182-03-21'),('2183-03-21'),('2184-03-20'),('2185-03-20'),('2186-03-21'),('2187-03-21'),('2188-03-20'),('2189-03-20'),('2190-03-21'),('2191-03-21'),('2192-03-20'),('2193-03-20'),('2194-03-20'),('2195-03-21'),('2196-03-20'),('2197-03-20'),('2198-03-20'),('2199-03-21'),('2200-03-21'),('2201-03-21'),('2202-03-21'),('2203-03-22'),('2204-03-21'),('2205-03-21'),('2206-03-21'),('2207-03-22'),('2208-03-21'),('2209-03-21'),('2210-03-21'),('2211-03-22'),('2212-03-21'),('2213-03-21'),('2214-03-21'),('2215-03-22'),('2216-03-21'),('2217-03-21'),('2218-03-21'),('2219-03-22'),('2220-03-21'),('2221-03-21'),('2222-03-21'),('2223-03-22'),('2224-03-21'),('2225-03-21'),('2226-03-21'),('2227-03-21'),('2228-03-21'),('2229-03-21'),('2230-03-21'),('2231-03-21'),('2232-03-21'),('2233-03-21'),('2234-03-21'),('2235-03-21'),('2236-03-21'),('2237-03-21'),('2238-03-21'),('2239-03-21'),('2240-03-21'),('2241-03-21'),('2242-03-21'),('2243-03-21'),('2244-03-21'),('2245-03-21'),('2246-03-21'),('2247-03-21'),('2248-03-21'),('2249-03-21'),('2250-03-21'),('2251-03-21'),('2252-03-21'),('2253-03-21'),('2254-03-21'),('2255-03-21'),('2256-03-20'),('2257-03-21'),('2258-03-21'),('2259-03-21'),('2260-03-20'),('2261-03-21'),('2262-03-21'),('2263-03-21'),('2264-03-20'),('2265-03-21'),('2266-03-21'),('2267-03-21'),('2268-03-20'),('2269-03-21'),('2270-03-21'),('2271-03-21'),('2272-03-20')) v(day)
) n WHERE n.next IS NOT NULL;
--> statement-breakpoint
INSERT INTO "sales_calendar" ("calendar", "grain", "start", "stop")
SELECT 'jalali', 'month', y.start + o.a, CASE WHEN o.m = 12 THEN y.stop ELSE y.start + o.b END
FROM "sales_calendar" y CROSS JOIN LATERAL (
  SELECT m, CASE WHEN m <= 7 THEN (m - 1) * 31 ELSE 186 + (m - 7) * 30 END AS a, CASE WHEN m <= 6 THEN m * 31 ELSE 186 + (m - 6) * 30 END AS b
  FROM generate_series(1, 12) m
) o WHERE y.calendar = 'jalali' AND y.grain = 'year';
--> statement-breakpoint
INSERT INTO "sales_calendar" ("calendar", "grain", "start", "stop")
SELECT 'gregorian', 'month', m::date, (m + interval '1 month')::date FROM generate_series('1871-01-01'::timestamp, '2271-12-01'::timestamp, interval '1 month') m
UNION ALL
SELECT 'gregorian', 'year', m::date, (m + interval '1 year')::date FROM generate_series('1871-01-01'::timestamp, '2271-01-01'::timestamp, interval '1 year') m;
--> statement-breakpoint
-- 2. Applying a change: per (customer, day) deltas of counted documents (docs, orders, gross, net) are added to the
-- day row and to the month and year rows of both calendars, in key order (two writers cannot deadlock); rows that fall
-- to no document are deleted; the first order day moves earlier with an added order, and is recomputed from the
-- customer's day rows where an order went away.
CREATE OR REPLACE FUNCTION sales_rollup_apply(c uuid[], d date[], n int[], o int[], g bigint[], t bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sales_rollup AS r (grain, calendar, start, customer_id, docs, orders, gross, net)
  SELECT p.grain, p.calendar, p.start, p.customer_id, sum(p.docs)::int, sum(p.orders)::int, sum(p.gross)::bigint, sum(p.net)::bigint
  FROM (
    -- the day, its Gregorian month and year (date arithmetic), its Jalali month and year (looked up)
    SELECT k.grain, 'gregorian'::text AS calendar, CASE k.grain WHEN 'day' THEN x.day ELSE date_trunc(k.grain, x.day::timestamp)::date END AS start,
      x.customer_id, x.docs, x.orders, x.gross, x.net
    FROM unnest(c, d, n, o, g, t) AS x(customer_id, day, docs, orders, gross, net)
    CROSS JOIN (VALUES ('day'), ('month'), ('year')) k(grain)
    UNION ALL
    SELECT k.grain, 'jalali', s.start, x.customer_id, x.docs, x.orders, x.gross, x.net
    FROM unnest(c, d, n, o, g, t) AS x(customer_id, day, docs, orders, gross, net)
    CROSS JOIN (VALUES ('month'), ('year')) k(grain)
    JOIN LATERAL (SELECT sc.start FROM sales_calendar sc WHERE sc.calendar = 'jalali' AND sc.grain = k.grain AND sc.start <= x.day AND sc.stop > x.day
      ORDER BY sc.start DESC LIMIT 1) s ON true
  ) p
  GROUP BY p.grain, p.calendar, p.start, p.customer_id
  ORDER BY p.grain, p.calendar, p.start, p.customer_id
  ON CONFLICT (grain, calendar, start, customer_id) DO UPDATE
    SET docs = r.docs + excluded.docs, orders = r.orders + excluded.orders, gross = r.gross + excluded.gross, net = r.net + excluded.net;
  -- Rows can fall to no document only where documents went away.
  DELETE FROM sales_rollup r WHERE r.customer_id IN (SELECT x.customer_id FROM unnest(c, n) AS x(customer_id, docs) WHERE x.docs < 0) AND r.docs = 0;
  -- An added order can only move the first order day earlier …
  INSERT INTO sales_first_orders AS f (customer_id, first_day)
  SELECT x.customer_id, min(x.day) FROM unnest(c, d, o) AS x(customer_id, day, orders) WHERE x.orders > 0
  GROUP BY x.customer_id ORDER BY x.customer_id
  ON CONFLICT (customer_id) DO UPDATE SET first_day = excluded.first_day WHERE excluded.first_day < f.first_day;
  -- … a removed one (cancelled, deleted, moved, re-dated) needs the customer's remaining day rows.
  INSERT INTO sales_first_orders AS f (customer_id, first_day)
  SELECT r.customer_id, min(r.start) FROM sales_rollup r
  WHERE r.customer_id IN (SELECT x.customer_id FROM unnest(c, o) AS x(customer_id, orders) WHERE x.orders < 0)
    AND r.grain = 'day' AND r.calendar = 'gregorian' AND r.orders > 0
  GROUP BY r.customer_id ORDER BY r.customer_id
  ON CONFLICT (customer_id) DO UPDATE SET first_day = excluded.first_day WHERE f.first_day <> excluded.first_day;
  DELETE FROM sales_first_orders f
  WHERE f.customer_id IN (SELECT x.customer_id FROM unnest(c, o) AS x(customer_id, orders) WHERE x.orders < 0)
    AND NOT EXISTS (SELECT 1 FROM sales_rollup r WHERE r.customer_id = f.customer_id AND r.grain = 'day' AND r.calendar = 'gregorian' AND r.orders > 0);
END $$;
--> statement-breakpoint
-- 3. The triggers: one per statement with its transition table (an import's chunk runs it once). What a document
-- counts for: an issued invoice (it has a number) or a credit note that is not a draft; an order is such an invoice
-- not cancelled; net is invoices less credit notes (the dashboard's formulas, docs/decisions.md "Dashboard figures").
CREATE OR REPLACE FUNCTION sales_rollup_on_documents() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(z.customer_id) AS c, array_agg(z.issue_date) AS d, array_agg(1) AS n,
      array_agg(CASE WHEN z.kind = 'invoice' AND z.status <> 'cancelled' THEN 1 ELSE 0 END) AS o,
      array_agg(CASE WHEN z.kind = 'invoice' AND z.status <> 'cancelled' THEN z.grand_total ELSE 0 END) AS g,
      array_agg(CASE WHEN z.kind = 'credit_note' THEN -z.grand_total ELSE z.grand_total END) AS t
    INTO a FROM new_docs z WHERE (z.kind = 'invoice' AND z.number IS NOT NULL) OR (z.kind = 'credit_note' AND z.status <> 'draft');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(z.customer_id) AS c, array_agg(z.issue_date) AS d, array_agg(-1) AS n,
      array_agg(CASE WHEN z.kind = 'invoice' AND z.status <> 'cancelled' THEN -1 ELSE 0 END) AS o,
      array_agg(CASE WHEN z.kind = 'invoice' AND z.status <> 'cancelled' THEN -z.grand_total ELSE 0 END) AS g,
      array_agg(CASE WHEN z.kind = 'credit_note' THEN z.grand_total ELSE -z.grand_total END) AS t
    INTO a FROM old_docs z WHERE (z.kind = 'invoice' AND z.number IS NOT NULL) OR (z.kind = 'credit_note' AND z.status <> 'draft');
  ELSE
    -- Only rows whose counted fields changed (a payment or a sending changes none of them).
    SELECT array_agg(z.customer_id) AS c, array_agg(z.issue_date) AS d, array_agg(z.s) AS n,
      array_agg(CASE WHEN z.kind = 'invoice' AND z.status <> 'cancelled' THEN z.s ELSE 0 END) AS o,
      array_agg(CASE WHEN z.kind = 'invoice' AND z.status <> 'cancelled' THEN z.s * z.grand_total ELSE 0 END) AS g,
      array_agg(CASE WHEN z.kind = 'credit_note' THEN -z.s * z.grand_total ELSE z.s * z.grand_total END) AS t
    INTO a FROM (
      SELECT -1 AS s, o.customer_id, o.issue_date, o.kind, o.status, o.grand_total, o.number FROM old_docs o JOIN new_docs n ON n.id = o.id
      WHERE (o.customer_id, o.issue_date, o.kind, o.status, o.grand_total, o.number IS NULL) IS DISTINCT FROM (n.customer_id, n.issue_date, n.kind, n.status, n.grand_total, n.number IS NULL)
      UNION ALL
      SELECT 1, n.customer_id, n.issue_date, n.kind, n.status, n.grand_total, n.number FROM old_docs o JOIN new_docs n ON n.id = o.id
      WHERE (o.customer_id, o.issue_date, o.kind, o.status, o.grand_total, o.number IS NULL) IS DISTINCT FROM (n.customer_id, n.issue_date, n.kind, n.status, n.grand_total, n.number IS NULL)
    ) z WHERE (z.kind = 'invoice' AND z.number IS NOT NULL) OR (z.kind = 'credit_note' AND z.status <> 'draft');
  END IF;
  IF a.c IS NOT NULL THEN PERFORM sales_rollup_apply(a.c, a.d, a.n, a.o, a.g, a.t); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_sales_rollup_insert AFTER INSERT ON documents REFERENCING NEW TABLE AS new_docs
  FOR EACH STATEMENT EXECUTE FUNCTION sales_rollup_on_documents();
--> statement-breakpoint
CREATE TRIGGER documents_sales_rollup_update AFTER UPDATE ON documents REFERENCING OLD TABLE AS old_docs NEW TABLE AS new_docs
  FOR EACH STATEMENT EXECUTE FUNCTION sales_rollup_on_documents();
--> statement-breakpoint
CREATE TRIGGER documents_sales_rollup_delete AFTER DELETE ON documents REFERENCING OLD TABLE AS old_docs
  FOR EACH STATEMENT EXECUTE FUNCTION sales_rollup_on_documents();
--> statement-breakpoint
-- 4. The rebuild (the backfill below; also after a load that bypassed triggers, e.g. session_replication_role = replica).
CREATE OR REPLACE FUNCTION sales_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sales_rollup;
  DELETE FROM sales_first_orders;
  INSERT INTO sales_rollup (grain, calendar, start, customer_id, docs, orders, gross, net)
  SELECT 'day', 'gregorian', z.issue_date, z.customer_id, count(*)::int,
    (count(*) FILTER (WHERE z.kind = 'invoice' AND z.status <> 'cancelled'))::int,
    coalesce(sum(z.grand_total) FILTER (WHERE z.kind = 'invoice' AND z.status <> 'cancelled'), 0)::bigint,
    sum(CASE WHEN z.kind = 'credit_note' THEN -z.grand_total ELSE z.grand_total END)::bigint
  FROM documents z WHERE (z.kind = 'invoice' AND z.number IS NOT NULL) OR (z.kind = 'credit_note' AND z.status <> 'draft')
  GROUP BY z.issue_date, z.customer_id
  ORDER BY 3, 4; -- in key order: a period's rows lie together on disk (the dashboard reads them by range)
  WITH days AS (SELECT DISTINCT start AS day FROM sales_rollup WHERE grain = 'day'),
  map AS (
    SELECT days.day, k.grain, k.calendar, s.start FROM days
    CROSS JOIN (VALUES ('month', 'jalali'), ('year', 'jalali'), ('month', 'gregorian'), ('year', 'gregorian')) k(grain, calendar)
    JOIN LATERAL (SELECT sc.start FROM sales_calendar sc WHERE sc.calendar = k.calendar AND sc.grain = k.grain AND sc.start <= days.day AND sc.stop > days.day
      ORDER BY sc.start DESC LIMIT 1) s ON true
  )
  INSERT INTO sales_rollup (grain, calendar, start, customer_id, docs, orders, gross, net)
  SELECT map.grain, map.calendar, map.start, r.customer_id, sum(r.docs)::int, sum(r.orders)::int, sum(r.gross)::bigint, sum(r.net)::bigint
  FROM sales_rollup r JOIN map ON map.day = r.start
  WHERE r.grain = 'day'
  GROUP BY map.grain, map.calendar, map.start, r.customer_id
  ORDER BY 1, 2, 3, 4;
  INSERT INTO sales_first_orders (customer_id, first_day)
  SELECT customer_id, min(start) FROM sales_rollup WHERE grain = 'day' AND orders > 0 GROUP BY customer_id;
END $$;
--> statement-breakpoint
SELECT sales_rollup_rebuild();
--> statement-breakpoint
ANALYZE "sales_rollup";
--> statement-breakpoint
ANALYZE "sales_first_orders";
