/**
 * node-postgres connections that prepare the statements the app repeats. A statement sent unnamed is parsed and
 * planned on every call; named, it is parsed once per connection and PostgreSQL may keep a generic plan, which is what
 * makes the 360° view's many-table sections cheap (the Voice-of-the-Customer join took 3–7 ms to plan and 0.2 ms to
 * run). The name is a hash of the text, so equal texts share it; a text is prepared from its second use on, and at
 * most MAX_NAMED texts per process are ever named (texts that vary, like IN lists of different lengths, stay unnamed
 * beyond that), which bounds the memory each server connection keeps for them.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

const MAX_NAMED = 400;

/**
 * Put at the head of a statement that must be planned for its values every time: a generic plan cannot see how many
 * keys an array parameter holds. (An import's duplicate lookup, prepared, switched after five chunks to a generic
 * plan that joins every customer with every key: 25 s a chunk at 260,000 customers instead of 0.05 s; docs/decisions.md.)
 */
export const UNPREPARED = '/* planned per call */ ';

/**
 * A namer: the statement's name if it should be prepared (second use on, within the bound), else undefined. Each
 * database handle that prepares keeps its own (the PostgreSQL pool shares the process's; each PGlite database has one).
 */
export function statementNamer(): (text: string) => string | undefined {
  const seen = new Map<string, string | null>();
  let namedCount = 0;
  return (text) => {
    if (text.startsWith(UNPREPARED)) return undefined;
    const known = seen.get(text);
    if (known) return known;
    if (known === undefined) {
      if (seen.size < MAX_NAMED * 4) seen.set(text, null);
      return undefined;
    }
    if (namedCount >= MAX_NAMED) return undefined;
    const name = 'm' + createHash('sha1').update(text).digest('hex').slice(0, 20);
    seen.set(text, name);
    namedCount++;
    return name;
  };
}

/** The PostgreSQL pool's namer (one per process: every pool connection prepares the same texts under the same names). */
export const statementName = statementNamer();

type QueryConfig = { text: string; name?: string; values?: unknown[] };

/** A pg.Client whose queries with parameters are prepared by name (pass as the pool's `Client`). */
export class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [config] = args;
    if (config && typeof config === 'object' && typeof (config as QueryConfig).text === 'string' && !(config as QueryConfig).name) {
      const c = config as QueryConfig;
      const values = (args[1] as unknown[] | undefined) ?? c.values;
      const name = values?.length ? statementName(c.text) : undefined;
      if (name) args[0] = { ...c, name };
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
