/**
 * SMOTE (Chawla et al., 2002) in SMOTE-NC's manner for categories. Each synthetic row of a class: a random row of
 * the class (the base), one of its k nearest rows of the same class (the neighbour), a random point on the segment
 * between them — one gap for every number of the row. A category takes the value most frequent among the base's k
 * neighbours (ties to the nearer). A number missing at either end is copied, with its missing flag, from the end
 * nearer the point, so a synthetic row never holds a value no real row suggests.
 */
import type { Random } from '../random';
import type { TrainingSet } from '../types';
import type { FeatureGroup, FeatureLayout } from './layout';
import { findNeighbours } from './neighbours';
import { discreteGroups, groupScales, isMissing, searchPoints, type SearchPoints } from './space';

export interface SmoteRows {
  rows: number;
  /** Column-major, like `Features.data`: feature f of synthetic row s at `f * rows + s`. */
  data: Float32Array;
  target: Float64Array;
  /** Input rows each synthetic row was drawn from and towards. */
  base: Uint32Array;
  neighbour: Uint32Array;
  /** Rows of a class with a single row, copied instead: there is nothing to interpolate with. */
  copies: number[];
  notes: string[];
  /** Queries the neighbour search answered by brute force (small classes, or candidates that could not prove it). */
  bruteForced: number;
}

export interface SmotePlan {
  byClass: readonly Uint32Array[];
  wanted: readonly number[];
  k: number;
  labels: readonly string[];
}

export async function smoteRows(train: TrainingSet, layout: FeatureLayout, plan: SmotePlan, random: Random): Promise<SmoteRows> {
  const { byClass, wanted, k, labels } = plan;
  const made = byClass.map((m, c) => (m.length >= 2 ? Math.max(0, wanted[c]! - m.length) : 0));
  const rows = made.reduce((a, b) => a + b, 0);
  const out: SmoteRows = { rows, data: new Float32Array(rows * train.features.names.length), target: new Float64Array(rows), base: new Uint32Array(rows), neighbour: new Uint32Array(rows), copies: [], notes: [], bruteForced: 0 };
  const scales = groupScales(train.features, layout);
  let at = 0;
  for (const [c, members] of byClass.entries()) {
    const need = wanted[c]! - members.length;
    if (need <= 0) continue;
    if (members.length === 1) {
      for (let i = 0; i < need; i++) out.copies.push(members[0]!);
      out.notes.push(`Class "${labels[c]}" has 1 training row: SMOTE cannot interpolate, so its ${need.toLocaleString('en')} new rows copy it.`);
      continue;
    }
    const kc = Math.min(k, members.length - 1);
    if (kc < k) out.notes.push(`Class "${labels[c]}" has ${members.length} training rows: SMOTE drew towards its ${kc} nearest, not ${k}.`);
    out.bruteForced += await makeClass(train, layout, { members, need, k: kc, class: c, at }, searchPoints(train.features, layout, scales, members), random, out);
    at += need;
  }
  return out;
}

interface ClassJob {
  members: Uint32Array;
  need: number;
  k: number;
  class: number;
  /** The first synthetic row this class writes. */
  at: number;
}

async function makeClass(train: TrainingSet, layout: FeatureLayout, job: ClassJob, points: SearchPoints, random: Random, out: SmoteRows): Promise<number> {
  const { members, need, k } = job;
  const bases = Uint32Array.from({ length: need }, () => random.int(members.length));
  const picks = Uint32Array.from({ length: need }, () => random.int(k));
  const gaps = Float64Array.from({ length: need }, () => random.next());
  const queries = Uint32Array.from(new Set(bases)).sort();
  const queryOf = new Int32Array(members.length).fill(-1);
  queries.forEach((q, i) => (queryOf[q] = i));
  const { neighbours, bruteForced } = await findNeighbours(points, queries, k);
  const categories = categorySources(points, layout, neighbours, queries.length, k);
  const groups = discreteGroups(layout).length;
  const base = new Uint32Array(need);
  const toward = new Uint32Array(need);
  for (let s = 0; s < need; s++) {
    base[s] = members[bases[s]!]!;
    toward[s] = members[neighbours[queryOf[bases[s]!]! * k + picks[s]!]!]!;
  }
  out.base.set(base, job.at);
  out.neighbour.set(toward, job.at);
  out.target.fill(job.class, job.at, job.at + need);
  // Feature by feature: the data is column-major, so each pass reads one input column and writes one output column.
  let g = 0;
  for (const group of layout.groups) {
    if (group.kind === 'continuous') interpolate(train, out, job.at, group, base, toward, gaps);
    else {
      const at = g++;
      const from = Uint32Array.from(bases, (b) => members[categories[queryOf[b]! * groups + at]!]!);
      for (const f of group.features) copyColumn(train, out, job.at, f, from);
    }
  }
  return bruteForced;
}

/** Copies feature `f` of input rows `from` into synthetic rows `at`, `at + 1`, … */
function copyColumn(train: TrainingSet, out: SmoteRows, at: number, f: number, from: Uint32Array): void {
  const { rows: N, data: X } = train.features;
  const to = f * out.rows + at;
  for (let s = 0; s < from.length; s++) out.data[to + s] = X[f * N + from[s]!]!;
}

function interpolate(train: TrainingSet, out: SmoteRows, at: number, group: Extract<FeatureGroup, { kind: 'continuous' }>, base: Uint32Array, toward: Uint32Array, gaps: Float64Array): void {
  const { rows: N, data: X } = train.features;
  const { feature: f, indicator: i } = group;
  const [value, flag] = [f * out.rows + at, i * out.rows + at];
  for (let s = 0; s < base.length; s++) {
    const b = base[s]!;
    const nb = toward[s]!;
    const gap = gaps[s]!;
    if (!isMissing(X, N, b, f, i) && !isMissing(X, N, nb, f, i)) {
      const vb = X[f * N + b]!;
      out.data[value + s] = vb + gap * (X[f * N + nb]! - vb);
      if (i >= 0) out.data[flag + s] = 0;
      continue;
    }
    const from = gap < 0.5 ? b : nb;
    out.data[value + s] = X[f * N + from]!;
    if (i >= 0) out.data[flag + s] = X[i * N + from]!;
  }
}

/**
 * For each query and discrete group, the neighbour (index within the class) whose value the synthetic rows copy:
 * the nearest holding the value most frequent among the k neighbours.
 */
function categorySources(points: SearchPoints, layout: FeatureLayout, neighbours: Uint32Array, queries: number, k: number): Uint32Array {
  const groups = discreteGroups(layout).length;
  const out = new Uint32Array(queries * groups);
  const { codes, codeCount } = points;
  for (let q = 0; q < queries; q++) {
    const near = neighbours.subarray(q * k, (q + 1) * k);
    for (let g = 0; g < groups; g++) {
      let best = near[0]!;
      let bestCount = 0;
      for (let a = 0; a < k; a++) {
        const code = codes[near[a]! * codeCount + g]!;
        let count = 0;
        for (let b = 0; b < k; b++) if (codes[near[b]! * codeCount + g] === code) count++;
        if (count > bestCount) [best, bestCount] = [near[a]!, count];
      }
      out[q * groups + g] = best;
    }
  }
  return out;
}
