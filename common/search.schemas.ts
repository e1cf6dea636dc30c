/** The one search box (GET /api/search): what it takes and what it answers. Scripts and outside checks rely on the shape. */
import { z } from 'zod';

export const SEARCH_KINDS = ['customer', 'ticket', 'document', 'deal', 'product', 'contract'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** q: what was typed (at most 200 characters; only spaces answers no items). limit: the most items in all, over every kind. */
export const searchQuery = z.object({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchHit = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  /** The web app's path of the record (open it with the router). */
  url: z.string(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchAnswer = z.object({ items: z.array(searchHit) });
export type SearchAnswer = z.infer<typeof searchAnswer>;

/**
 * A hit with how well it matched, for ordering the groups (never sent): 4 the record's own identifier (ticket or
 * document number, product code), 3 the title starts with the text, 2 a whole word of it, 1 the start of a word, 0 inside.
 */
export type ScoredHit = SearchHit & { score: number };

/** How well a normalized title matches a normalized text (see ScoredHit). */
export function textScore(text: string, title: string): number {
  if (!text) return 0;
  if (title === text) return 4;
  if (title.startsWith(text)) return 3;
  if (` ${title} `.includes(` ${text} `)) return 2;
  if (` ${title}`.includes(` ${text}`)) return 1;
  return 0;
}

/** The words of a normalized text worth an index (3+ letters: a trigram index cannot help with fewer) and the others. */
export function splitWords(normalized: string): { long: string[]; short: string[] } {
  const words = normalized.split(' ').filter(Boolean);
  return { long: words.filter((w) => [...w].length >= 3), short: words.filter((w) => [...w].length < 3) };
}
