/** The deal form's shared parts: the server's field paths → the form's keys, and stage options of a pipeline. */
import type { FieldErrors } from '../../lib/errors';
import type { Pipeline } from './deals.api';

/** Conversion nests the deal (`deal.title`); the form's fields are flat. */
export const flattenDealErrors = (fields: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^deal\./, ''), v]));

/** Where a new deal may start: the pipeline's open stages (won/lost need the board and its rules). */
export const openStageOptions = (p: Pipeline | undefined) =>
  (p?.stages ?? []).filter((s) => s.outcome === 'open').map((s) => ({ value: s.id, label: s.name }));

/** The errors left once the user has changed these fields (an edited field no longer shows its old error). */
export const withoutKeys = (errors: FieldErrors, keys: string[]): FieldErrors =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => !keys.includes(k)));
