/**
 * What an API key may do: never more than its user nor its creator. Pure functions, so the rule is tested on its own
 * and evaluated at every use (a creator's demotion shrinks the key at once).
 */
import { OBJECTS, type ObjectPermission, type RolePermissions } from '../../../common/permissions.ts';

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
