/**
 * What every answer of the API shares: timestamps, dates and money as they travel in JSON, the one error shape, lists,
 * and answers that are not JSON (files, pages, event streams). The response schemas of each area build on these;
 * the server checks each answer against its schema (an unknown key is dropped, a wrong value is a logged 500) and the
 * web app takes its types from them (z.output: what arrives over the wire).
 */
import { z } from 'zod';

/** A field of a JSON answer that the client reads as an ISO string: the service may hand a Date or already text. */
const asText = (format: 'date-time' | 'date') =>
  z.union([z.date(), z.string()])
    // Exactly what JSON.stringify would write: Date#toJSON, and text (from raw SQL) untouched.
    .transform((v) => (typeof v === 'string' ? v : v.toISOString()))
    .pipe(z.string().meta({ format }));

/** A moment: an ISO 8601 string on the wire ("2026-11-23T08:00:00.000Z"). */
export const isoDateTime = asText('date-time');
/** A calendar day, Gregorian: "1991-09-22". */
export const isoDate = asText('date');

/** A record's id (not re-checked on the way out: the database made it). */
export const uuid = z.string().meta({ format: 'uuid' });

/** Money: integer Rials as a decimal string (JSON numbers cannot carry every bigint). */
export const rials = z.string().meta({ description: 'integer Rials as a decimal string' });

/** Every error: {error: {code, message, details}} (server/http/errors.ts). */
export const errorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
}).meta({ description: 'The one error shape: a stable code, a message for people and field-level details' });

/** 204: nothing in the body. */
export const noContent = z.undefined().meta({ description: 'No content' });

/** {items: [...]}, the shape of every unpaged list. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * An answer that is not JSON: a file, a page, a script. The handler sends a string, a Buffer or a stream, which the
 * server passes through as it is (only objects and arrays go through a schema); the OpenAPI document names the media
 * type. Typed as unknown, so the handler may send any of the three.
 */
export const fileAnswer = (mediaType: string | string[], description: string, format: 'binary' | 'text' = 'binary') =>
  z.unknown().meta({
    description,
    content: Object.fromEntries([mediaType].flat().map((t) => [t, { schema: format === 'binary' ? { type: 'string', format: 'binary' } : { type: 'string' } }])),
  });

/** An HTML page (the customer's quote and survey pages, the survey preview). */
export const htmlPage = (description: string) => fileAnswer('text/html', description, 'text');
