/**
 * What an API key may do: never more than its user nor its creator. Pure functions, so the rule is tested on its own
 * and evaluated at every use (a creator's demotion shrinks the key at once).
 */
import { OBJECTS, type ObjectPermission, type RolePermissions, type Scope } from '../../../common/permissions.ts';

/**
 * Whether `holder` can do everything `target` can: every operation on every object, with the read scope 'all' for
 * each object the target has any operation on. A narrower scope never covers: one user's "own" or "team" records are
 * not another's, so no part of them is provably the holder's to hand over.
 */
export function coversPermissions(holder: RolePermissions, target: RolePermissions): boolean {
  return OBJECTS.every((object) => {
    const t = target[object];
    if (!t || t.ops.length === 0) return true;
    const h = holder[object];
    return Boolean(h && h.scope === 'all' && t.ops.every((op) => h.ops.includes(op)));
  });
}

/**
 * The permissions a key carries: its user's, cut down to the operations its creator has. The user's scope stays (the
 * key acts as its user) when the creator is the user or reads the object company-wide; otherwise the creator's view
 * of that object is narrower than the user's in a way no scope can express, so the object is dropped from the key.
 */
export function keyPermissions(user: RolePermissions, creator: RolePermissions, creatorIsUser: boolean): RolePermissions {
  if (creatorIsUser) return user;
  const out: RolePermissions = {};
  for (const object of OBJECTS) {
    const u = user[object];
    const c = creator[object];
    if (!u || !c || c.scope !== 'all') continue;
    const ops = u.ops.filter((op) => c.ops.includes(op));
    if (ops.length) out[object] = { ops, scope: u.scope } satisfies ObjectPermission;
  }
  return out;
}

/** Read scopes from the widest to the narrowest. */
const SCOPE_WIDTH = { all: 2, team: 1, own: 0 } as const;
const narrower = (a: Scope, b: Scope): Scope => (SCOPE_WIDTH[a] <= SCOPE_WIDTH[b] ? a : b);

/**
 * A key's own list on top of what its user and creator allow: only the operations both name, with the narrower of
 * the two scopes. An object the key's list leaves out is not the key's to use at all.
 */
export function intersectPermissions(base: RolePermissions, narrowed: RolePermissions): RolePermissions {
  const out: RolePermissions = {};
  for (const object of OBJECTS) {
    const b = base[object];
    const n = narrowed[object];
    if (!b || !n) continue;
    const ops = b.ops.filter((op) => n.ops.includes(op));
    if (ops.length) out[object] = { ops, scope: narrower(b.scope, n.scope) };
  }
  return out;
}

/**
 * Why a key may not be given `requested` when its holder may do `allowed`: per object, the operations the holder lacks
 * (empty when every request is covered). Asked at creation, so a key never claims an operation it would not get. A
 * scope wider than the user's is not refused: at use the narrower one wins (intersectPermissions), so "all" on a key
 * means "as wide as its user reads".
 */
export function requestedBeyond(allowed: RolePermissions, requested: RolePermissions): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const object of OBJECTS) {
    const r = requested[object];
    if (!r || r.ops.length === 0) continue;
    const a = allowed[object];
    const missing = a ? r.ops.filter((op) => !a.ops.includes(op)) : r.ops;
    if (missing.length) problems[`permissions.${object}`] = `the key's user may not ${missing.join(', ')} ${object}`;
  }
  return problems;
}
