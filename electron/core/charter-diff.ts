/** Leaf-by-leaf differences between two charter versions, for the history view and `gyre charter diff`. */
import type { CharterChange } from '../contract/charters';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function diffCharters(before: unknown, after: unknown): CharterChange[] {
  const changes: CharterChange[] = [];
  walk(before as Json, after as Json, '', changes);
  return changes;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: CharterChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path, kind: 'added', after: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, kind: 'removed', before: a });
    return;
  }
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  if (bothArrays || (isObject(a) && isObject(b))) {
    const keys = bothArrays
      ? Array.from({ length: Math.max((a as Json[]).length, (b as Json[]).length) }, (_, i) => String(i))
      : [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
    for (const key of keys) {
      const child = (v: Json) => (v as Record<string, Json>)[key];
      walk(child(a), child(b), path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, kind: 'changed', before: a, after: b });
}
