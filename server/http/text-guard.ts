/** PostgreSQL text cannot hold U+0000: a request carrying it is refused at the edge as a field error, not a 500. */
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** The path of the first string containing NUL in a parsed JSON value or query ('' for the value itself). Iterative: deep nesting cannot overflow the stack. */
export function findNul(value: unknown): string | undefined {
  const todo: [unknown, string][] = [[value, '']];
  while (todo.length) {
    const [v, path] = todo.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => todo.push([x, path ? `${path}.${i}` : String(i)]));
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Readable)) {
      // (A streamed body — an import's file — is bytes, not parsed text: its readers handle it.)
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return path ? `${path}.${k.replace(/\u0000/g, '\\0')}` : k.replace(/\u0000/g, '\\0');
        todo.push([x, path ? `${path}.${k}` : k]);
      }
    }
  }
  return undefined;
}

export async function rejectNulText(req: FastifyRequest): Promise<void> {
  for (const [where, value] of [['querystring', req.query], ['params', req.params], ['body', req.body]] as const) {
    const path = findNul(value);
    if (path !== undefined) {
      const field = path || where;
      throw new AppError('VALIDATION_FAILED', `${field}: text may not contain the NUL character`, { [field]: 'contains the NUL character (U+0000)' });
    }
  }
}
