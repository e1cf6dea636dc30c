/**
 * JSON bodies are refused above a nesting depth before they are parsed: the parsed value would otherwise reach
 * recursive code (validation, JSON.stringify, the database's jsonb parser) that overflows its stack on a body of a
 * few kilobytes. The check is one pass over the text, counting brackets outside strings.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** Deeper than any request of this API (survey questions, the deepest, nest about 6 levels). */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests arrays/objects deeper than `max` (strings and their escapes are skipped). */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, which matches no bracket
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: the next character is escaped
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) { if (++depth > max) return true; }
    else if (ch === 93 || ch === 125) depth--;
  }
  return false;
}

/** Replaces the JSON body parser with Fastify's own (prototype-poisoning checks kept) behind the depth check. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(new AppError('VALIDATION_FAILED', `body: nested more than ${MAX_JSON_DEPTH} levels deep`, { body: `nested more than ${MAX_JSON_DEPTH} levels deep` }), undefined);
      return;
    }
    parse(req, body as string, done);
  });
}
