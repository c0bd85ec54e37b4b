/**
 * Exact k nearest neighbours within one class, for SMOTE: nearest first, ties to the lower index, a point never its
 * own neighbour (an identical other row is one, at distance 0). Small classes are searched by brute force; larger
 * ones take candidates from onnxruntime (`candidates.ts`, a matrix product and TopK in float32) and re-rank them
 * exactly, falling back to brute force for a query whose answer the candidates cannot prove — so the answer is the
 * brute-force answer on every machine, only faster.
 */
import { candidateNeighbours } from './candidates';
import { distance, type SearchPoints } from './space';

/** Extra candidates asked of onnxruntime beyond k: room for its float32 rounding. */
const MARGIN = 16;
/** Below this many distance terms (queries × points × dimensions) brute force is as fast as starting a session. */
const BRUTE_FORCE_WORK = 20_000_000;

/** Keeps the k best (distance, index) pairs of one query, nearest first, ties to the lower index. */
class Best {
  readonly dist: Float64Array;
  readonly index: Uint32Array;
  worst = Infinity;
  constructor(readonly k: number) {
    this.dist = new Float64Array(k).fill(Infinity);
    this.index = new Uint32Array(k);
  }
  reset(): void {
    this.dist.fill(Infinity);
    this.worst = Infinity;
  }
  /** Offers a candidate; candidates must come in ascending index order for ties to go to the lower index. */
  offer(j: number, dist: number): void {
    if (!(dist < this.worst)) return;
    let p = this.k - 1;
    while (p > 0 && this.dist[p - 1]! > dist) {
      this.dist[p] = this.dist[p - 1]!;
      this.index[p] = this.index[p - 1]!;
      p--;
    }
    this.dist[p] = dist;
    this.index[p] = j;
    this.worst = this.dist[this.k - 1]!;
  }
}

/** Brute force over every point, abandoning a candidate once its partial distance passes the k-th best. */
function bruteForce(points: SearchPoints, self: number, best: Best): void {
  const { n, dims, values, codeCount, codes } = points;
  best.reset();
  const qa = self * dims;
  const qc = self * codeCount;
  for (let j = 0; j < n; j++) {
    if (j === self) continue;
    const at = j * dims;
    let dist = 0;
    let d = 0;
    // Eight dimensions between checks: a check costs more than a dimension. The sum is `distance`'s, term by term.
    while (d < dims && dist < best.worst) {
      const end = Math.min(dims, d + 8);
      for (; d < end; d++) {
        const t = values[qa + d]! - values[at + d]!;
        dist += t * t;
      }
    }
    if (dist >= best.worst) continue;
    const jc = j * codeCount;
    for (let c = 0; c < codeCount; c++) if (codes[qc + c] !== codes[jc + c]) dist += 1;
    best.offer(j, dist);
  }
}

/** The brute-force answer: the reference the fast path must equal. `queries.length × k` point indices. */
export function nearestNeighbours(points: SearchPoints, queries: Uint32Array, k: number): Uint32Array {
  checkK(points, k);
  const out = new Uint32Array(queries.length * k);
  const best = new Best(k);
  queries.forEach((q, i) => {
    bruteForce(points, q, best);
    out.set(best.index, i * k);
  });
  return out;
}

/**
 * The same answer, through onnxruntime's candidates when the search is large enough to pay for a session. A query's
 * candidates prove its answer when its k-th exact distance is below the farthest candidate's exact distance by more
 * than float32's error: every point left out is then farther than the k-th, ties included.
 */
export async function findNeighbours(points: SearchPoints, queries: Uint32Array, k: number): Promise<{ neighbours: Uint32Array; bruteForced: number }> {
  checkK(points, k);
  const m = k + MARGIN;
  if (points.n - 1 <= m || queries.length * points.n * (points.dims + points.codeCount) < BRUTE_FORCE_WORK) return { neighbours: nearestNeighbours(points, queries, k), bruteForced: queries.length };
  const found = await candidateNeighbours(points, queries, m + 1);
  const out = new Uint32Array(queries.length * k);
  const best = new Best(k);
  let bruteForced = 0;
  const order = new Uint32Array(m + 1);
  for (let i = 0; i < queries.length; i++) {
    const self = queries[i]!;
    order.set(found.index.subarray(i * (m + 1), (i + 1) * (m + 1)));
    order.sort();
    best.reset();
    let farthest = 0;
    for (const j of order) {
      if (j === self) continue;
      const dist = distance(points, self, j);
      farthest = Math.max(farthest, dist);
      best.offer(j, dist);
    }
    if (!(best.worst < farthest - found.tolerance[i]!)) {
      bruteForce(points, self, best);
      bruteForced++;
    }
    out.set(best.index, i * k);
  }
  return { neighbours: out, bruteForced };
}

function checkK(points: SearchPoints, k: number): void {
  if (!(Number.isInteger(k) && k >= 1 && k <= points.n - 1)) throw new Error(`Cannot find ${k} neighbours among ${points.n} points.`);
}
