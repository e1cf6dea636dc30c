/**
 * What a message is about (a ticket, a document …) may be hidden from someone who sees its customer. The module that
 * owns the subject registers who may see it; the message log then shows a message about it only to them.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/index.ts';

/** SQL over the message (alias `m`): true when the actor may see the message's subject `m.subject_id`. */
type SubjectVisibility = (actor: Actor) => SQL;
const subjects = new Map<string, SubjectVisibility>();

/** Idempotent: registering a subject type again replaces its rule. */
export function registerMessageSubject(type: string, visible: SubjectVisibility): void {
  subjects.set(type, visible);
}

/** Messages (alias `m`) whose subject, if it has a registered rule, the actor may see. */
export function visibleMessageSubjectsSql(actor: Actor): SQL {
  if (!subjects.size) return sql`true`;
  const types = [...subjects.keys()];
  return sql`(m.subject_type IS NULL OR m.subject_type NOT IN (${sql.join(types.map((t) => sql`${t}`), sql`, `)})
    ${sql.join([...subjects].map(([t, fn]) => sql`OR (m.subject_type = ${t} AND ${fn(actor)})`), sql` `)})`;
}
