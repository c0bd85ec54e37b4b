/** Random oversampling and undersampling: which rows of the input a resampled set keeps, copies or leaves out. */
import type { Random } from '../random';

/** Each class's rows (input row numbers, ascending). */
export function rowsByClass(target: Float64Array, classes: number): Uint32Array[] {
  const counts = new Uint32Array(classes);
  for (let r = 0; r < target.length; r++) counts[target[r]!]!++;
  const out = Array.from(counts, (c) => new Uint32Array(c));
  const filled = new Uint32Array(classes);
  for (let r = 0; r < target.length; r++) {
    const c = target[r]!;
    out[c]![filled[c]!++] = r;
  }
  return out;
}

/**
 * Every input row once, in order, then for each class below its wanted count that many more rows of it drawn with
 * replacement (imbalanced-learn's RandomOverSampler).
 */
export function oversampleRows(byClass: readonly Uint32Array[], wanted: readonly number[], random: Random): Uint32Array {
  const rows = byClass.reduce((n, c) => n + c.length, 0);
  const total = wanted.reduce((n, w, c) => n + Math.max(w, byClass[c]!.length), 0);
  const out = new Uint32Array(total);
  byClass.forEach((members) => members.forEach((r) => (out[r] = r)));
  let at = rows;
  byClass.forEach((members, c) => {
    for (let i = members.length; i < wanted[c]!; i++) out[at++] = members[random.int(members.length)]!;
  });
  return out;
}

/**
 * The input rows kept, in order: each class above its wanted count keeps that many of its rows, drawn without
 * replacement (imbalanced-learn's RandomUnderSampler); other classes keep every row.
 */
export function undersampleRows(byClass: readonly Uint32Array[], wanted: readonly number[], random: Random): Uint32Array {
  const rows = byClass.reduce((n, c) => n + c.length, 0);
  const keep = new Uint8Array(rows);
  byClass.forEach((members, c) => {
    const want = wanted[c]!;
    if (members.length <= want) {
      members.forEach((r) => (keep[r] = 1));
      return;
    }
    // A partial Fisher–Yates shuffle: the first `want` places end up a uniform sample without replacement.
    const pool = members.slice();
    for (let i = 0; i < want; i++) {
      const j = i + random.int(pool.length - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      keep[pool[i]!] = 1;
    }
  });
  const out = new Uint32Array(keep.reduce((n, k) => n + k, 0));
  let at = 0;
  for (let r = 0; r < rows; r++) if (keep[r]) out[at++] = r;
  return out;
}
