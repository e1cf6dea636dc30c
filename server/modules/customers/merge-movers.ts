/**
 * The extension point of a merge: each module that owns rows pointing at a customer registers a mover that hands the
 * loser's rows to the survivor (and back on undo). The customers module never writes another module's tables itself.
 */
import { and, eq, inArray, getTableName, getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';

/** Table name → ids of the rows a mover moved. */
export type MovedRows = Record<string, string[]>;

export interface CustomerMover {
  name: string;
  /** The tables (with a customer_id or another reference to customers) this mover covers. */
  tables: string[];
  /** Moves every row of `fromId` to `toId`; returns what it moved, which is stored with the merge. */
  move(tx: Db, fromId: string, toId: string): Promise<MovedRows>;
  /** How many rows each of its tables holds for a customer (shown on the merge screen). */
  count(db: Db, customerId: string): Promise<Record<string, number>>;
  /** Moves exactly the rows `move` reported back from `toId` to `fromId`. */
  undo(tx: Db, moved: MovedRows, fromId: string, toId: string): Promise<void>;
}

const movers = new Map<string, CustomerMover>();

/** Idempotent: registering the same name again replaces the mover. */
export function registerCustomerMover(mover: CustomerMover): void {
  movers.set(mover.name, mover);
}

export function customerMovers(): CustomerMover[] {
  return [...movers.values()];
}

export type MoverTarget = { table: PgTable; id: PgColumn; customerId: PgColumn };

/**
 * A mover for tables whose rows follow their customer_id and nothing else. The owning module builds it from its own
 * table objects, so the write stays the owner's.
 */
export function columnMover(name: string, targets: MoverTarget[]): CustomerMover {
  return {
    name,
    tables: targets.map((t) => getTableName(t.table)),
    async move(tx, fromId, toId) {
      const out: MovedRows = {};
      for (const t of targets) {
        const rows = await tx.update(t.table).set({ [keyOf(t)]: toId })
          .where(eq(t.customerId, fromId)).returning({ id: t.id });
        out[getTableName(t.table)] = rows.map((r) => String(r.id));
      }
      return out;
    },
    async count(db, customerId) {
      const out: Record<string, number> = {};
      for (const t of targets) out[getTableName(t.table)] = await db.$count(t.table, eq(t.customerId, customerId));
      return out;
    },
    async undo(tx, moved, fromId, toId) {
      for (const t of targets) {
        const ids = moved[getTableName(t.table)] ?? [];
        for (let i = 0; i < ids.length; i += 1000) {
          await tx.update(t.table).set({ [keyOf(t)]: fromId })
            .where(and(eq(t.customerId, toId), inArray(t.id, ids.slice(i, i + 1000))));
        }
      }
    },
  };
}

/** The property name (not the SQL name) of the customer column in its table, as Drizzle's set() wants it. */
function keyOf(t: MoverTarget): string {
  const columns = getTableColumns(t.table);
  const key = Object.keys(columns).find((k) => columns[k] === t.customerId);
  if (!key) throw new Error(`column ${t.customerId.name} is not in table ${getTableName(t.table)}`);
  return key;
}
