/**
 * The published reference data (docs: the anchors' README) live beside the project, never inside it: in the main
 * checkout at ../shared/anchors. Found through MEHVAR_ANCHORS, else by looking for shared/anchors in the repository
 * root's parent folders (a git worktree sits deeper than the main checkout). Tests and benchmarks that use them
 * check `ANCHORS` and, when it is null, report "anchors absent" instead of failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function findAnchors(): string | null {
  const env = process.env.MEHVAR_ANCHORS;
  if (env) return existsSync(join(env, 'README.md')) ? resolve(env) : null;
  for (let dir = dirname(ROOT); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'anchors');
    if (existsSync(join(candidate, 'README.md'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** Absolute path of the anchors folder, or null when it is absent. */
export const ANCHORS = findAnchors();

/** A file of the anchors folder as text (only call when ANCHORS is set). */
export function anchorText(relativePath: string): string {
  if (!ANCHORS) throw new Error('anchors absent');
  return readFileSync(join(ANCHORS, relativePath), 'utf8');
}

/** Say once, loudly, that a test file's anchor checks did not run. */
export function reportAnchorsAbsent(what: string): void {
  if (!ANCHORS) console.warn(`anchors absent: ${what} skipped (set MEHVAR_ANCHORS or put them in ../shared/anchors)`);
}
