// Prints the SQL body of fa_norm() from the same table the app uses (common/fa-normalize.ts).
// Used once to write the migration; the equality test keeps the two honest afterwards.
import { FA_CHAR_MAP, FA_DROPPED } from '../common/fa-normalize.ts';

const from = FA_CHAR_MAP.map(([f]) => f).join('') + FA_DROPPED.join('');
const to = FA_CHAR_MAP.map(([, t]) => t).join('');
const lit = (s: string) => "U&'" + [...s].map((c) => {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x7a && /[0-9A-Za-z]/.test(c)) return c;
  return '\\' + cp.toString(16).padStart(4, '0');
}).join('') + "'";
console.log(`CREATE OR REPLACE FUNCTION fa_norm(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(translate(input, ${lit(from)}, ${lit(to)}), ' {2,}', ' ', 'g'), ' ')
$$;`);
