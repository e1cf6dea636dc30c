/** Small SQL helpers of the sales module. */

/** Escapes LIKE wildcards in user text. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** The SQLSTATE of a database error (Drizzle wraps the driver's error in `cause`), e.g. 23505 unique, 23503 foreign key. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** Money and numeric columns from raw SQL come as strings (node-postgres) or numbers/bigints (PGlite). */
export const big = (v: unknown): bigint => (v == null ? 0n : BigInt(String(v)));
