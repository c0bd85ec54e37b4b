/**
 * How unsure a classifier is about each row, from its class probabilities (row-major, n × k), and the order that
 * puts the least sure rows first — the active-learning queue.
 *
 * Gyre ranks by the margin between the two most likely classes (smallest first). For two classes margin, least
 * confidence and entropy give the same order; for more, the margin looks at the one decision the label would settle
 * (which of the two leading classes) and is not swayed by how the remaining probability is spread over unlikely classes.
 */

export type UncertaintyStrategy = 'margin' | 'least_confidence' | 'entropy';

/** The two most likely classes of each row and their probabilities (second = −1 when there is one class). */
export interface TopTwo {
  first: Int32Array;
  second: Int32Array;
  p1: Float64Array;
  p2: Float64Array;
}

export function topTwo(probabilities: Float64Array, classes: number): TopTwo {
  if (classes < 1 || probabilities.length % classes !== 0) throw new Error(`${probabilities.length} probabilities do not split into rows of ${classes} classes.`);
  const n = probabilities.length / classes;
  const out: TopTwo = { first: new Int32Array(n), second: new Int32Array(n).fill(-1), p1: new Float64Array(n), p2: new Float64Array(n) };
  for (let r = 0; r < n; r++) {
    let b1 = -1;
    let b2 = -1;
    let v1 = -Infinity;
    let v2 = -Infinity;
    for (let k = 0; k < classes; k++) {
      const p = probabilities[r * classes + k]!;
      if (p > v1) {
        b2 = b1;
        v2 = v1;
        b1 = k;
        v1 = p;
      } else if (p > v2) {
        b2 = k;
        v2 = p;
      }
    }
    out.first[r] = b1;
    out.second[r] = b2;
    out.p1[r] = v1;
    out.p2[r] = b2 < 0 ? 0 : v2;
  }
  return out;
}

/** One score per row, higher = less sure: 1 − (p1 − p2), 1 − p1, or the entropy in nats. */
export function uncertainty(probabilities: Float64Array, classes: number, strategy: UncertaintyStrategy): Float64Array {
  const n = probabilities.length / classes;
  const scores = new Float64Array(n);
  if (strategy === 'entropy') {
    for (let r = 0; r < n; r++) {
      let h = 0;
      for (let k = 0; k < classes; k++) {
        const p = probabilities[r * classes + k]!;
        if (p > 0) h -= p * Math.log(p);
      }
      scores[r] = h;
    }
    return scores;
  }
  const top = topTwo(probabilities, classes);
  for (let r = 0; r < n; r++) scores[r] = strategy === 'margin' ? 1 - (top.p1[r]! - top.p2[r]!) : 1 - top.p1[r]!;
  return scores;
}

/**
 * Row positions, least sure first; equal scores keep their row order, so the ranking is the same on every run. Rows
 * are compared on the measure itself (the margin p1 − p2, p1, or −entropy, smallest first), not on 1 − it, whose
 * rounding could tie two different margins.
 */
export function rankByUncertainty(probabilities: Float64Array, classes: number, strategy: UncertaintyStrategy = 'margin'): Uint32Array {
  let key: Float64Array;
  if (strategy === 'entropy') key = uncertainty(probabilities, classes, 'entropy').map((h) => -h);
  else {
    const top = topTwo(probabilities, classes);
    key = strategy === 'margin' ? top.p1.map((p, r) => p - top.p2[r]!) : top.p1;
  }
  const order = Uint32Array.from({ length: key.length }, (_, i) => i);
  return order.sort((a, b) => key[a]! - key[b]! || a - b);
}
