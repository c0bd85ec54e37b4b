/**
 * Parallel stable partition of tree nodes' rows (`index`) by their splits, for the threaded engine. When no node
 * holds most of the rows, each thread partitions whole nodes. Otherwise a node's segment is cut into chunks; phase 1 splits each chunk into scratch (left rows forward from the chunk's start,
 * right rows backward from its end) and counts its left rows; phase 2 places every chunk's rows at their final
 * offsets. The result is exactly the serial stable partition, whoever does which chunk.
 */
import type { HistogramSpace } from './histogram';
import { kernelFor } from './histogram-wasm';
import { leftByBin, partition } from './split';

/** Rows per chunk: large enough that claiming one costs nothing, small enough to share a node between threads. */
export const PARTITION_CHUNK = 1 << 15;

export interface PartitionJob {
  /** 1 and 2: the phases over chunks; 'nodes': each unit partitions one whole node (one round trip, not two). */
  phase: 1 | 2 | 'nodes';
  /** Per node: start, end, feature, bin, missingLeft (0/1). */
  nodes: Int32Array;
  /** Per chunk: node number, chunk start, chunk end; a node's chunks are consecutive (phases 1 and 2). */
  chunks: Int32Array;
}

/** Partitions node k of `nodes` in place (see `partition`), its right rows passing through its own span of scratch. */
export function partitionNode(space: HistogramSpace, nodes: Int32Array, k: number): number {
  const start = nodes[5 * k]!;
  const end = nodes[5 * k + 1]!;
  const split = { feature: nodes[5 * k + 2]!, bin: nodes[5 * k + 3]!, missingLeft: nodes[5 * k + 4] === 1, gain: 0 };
  return partition(space, start, end, split, space.scratchIndex.subarray(start, end));
}

/** Rows of all the nodes, and of the largest. */
export function nodeRows(nodes: Int32Array): { rows: number; largest: number } {
  let rows = 0;
  let largest = 0;
  for (let k = 0; k < nodes.length / 5; k++) {
    rows += nodes[5 * k + 1]! - nodes[5 * k]!;
    largest = Math.max(largest, nodes[5 * k + 1]! - nodes[5 * k]!);
  }
  return { rows, largest };
}

/** Chunks of the nodes' segments, or null when they outnumber `capacity` (the length of `space.counts`). */
export function chunksOf(nodes: Int32Array, capacity: number): Int32Array | null {
  const out: number[] = [];
  for (let k = 0; k < nodes.length / 5; k++) {
    const end = nodes[5 * k + 1]!;
    for (let s = nodes[5 * k]!; s < end; s += PARTITION_CHUNK) out.push(k, s, Math.min(end, s + PARTITION_CHUNK));
  }
  return out.length / 3 > capacity ? null : Int32Array.from(out);
}

function splitChunk(space: HistogramSpace, job: PartitionJob, u: number): void {
  const { bins, index, scratchIndex } = space;
  const k = job.chunks[3 * u]!;
  const cs = job.chunks[3 * u + 1]!;
  const ce = job.chunks[3 * u + 2]!;
  const col = job.nodes[5 * k + 2]! * space.rows;
  if (space.memory) {
    const at = (a: Uint32Array, i: number) => a.byteOffset + 4 * i;
    const split = kernelFor(space.memory).split;
    space.counts[u] = split(bins.byteOffset + col, job.nodes[5 * k + 3]!, job.nodes[5 * k + 4]!, at(index, cs), at(index, ce), at(scratchIndex, cs), at(scratchIndex, ce - 1), -4);
    return;
  }
  const lut = leftByBin({ feature: 0, bin: job.nodes[5 * k + 3]!, missingLeft: job.nodes[5 * k + 4] === 1, gain: 0 });
  let l = cs;
  let r = ce - 1;
  // Branch-free: each row is written on both sides and only its own side's cursor moves; the cursors never cross.
  for (let i = cs; i < ce; i++) {
    const row = index[i]!;
    const goLeft = lut[bins[col + row]!]!;
    scratchIndex[l] = row;
    scratchIndex[r] = row;
    l += goLeft;
    r -= 1 - goLeft;
  }
  space.counts[u] = l - cs;
}

function placeChunk(space: HistogramSpace, job: PartitionJob, u: number): void {
  const { index, scratchIndex, counts } = space;
  const k = job.chunks[3 * u]!;
  let first = u;
  while (first > 0 && job.chunks[3 * (first - 1)] === k) first--;
  let last = u;
  while (3 * (last + 1) < job.chunks.length && job.chunks[3 * (last + 1)] === k) last++;
  const start = job.nodes[5 * k]!;
  let leftBefore = 0;
  let rightBefore = 0;
  let leftAll = 0;
  for (let v = first; v <= last; v++) {
    const n = counts[v]!;
    const size = job.chunks[3 * v + 2]! - job.chunks[3 * v + 1]!;
    if (v < u) {
      leftBefore += n;
      rightBefore += size - n;
    }
    leftAll += n;
  }
  const cs = job.chunks[3 * u + 1]!;
  const ce = job.chunks[3 * u + 2]!;
  const nLeft = counts[u]!;
  index.set(scratchIndex.subarray(cs, cs + nLeft), start + leftBefore);
  // Right rows sit backward from the chunk's end: read them back in reverse to keep their order.
  let at = start + leftAll + rightBefore;
  for (let i = ce - 1; i >= cs + nLeft; i--, at++) index[at] = scratchIndex[i]!;
}

/** Units of a partition job: nodes or chunks. */
export function partitionUnits(job: PartitionJob): number {
  return job.phase === 'nodes' ? job.nodes.length / 5 : job.chunks.length / 3;
}

/** Claims and runs units of a partition job until none is left (`counter[0]`: next unclaimed unit). */
export function runPartitionJob(space: HistogramSpace, job: PartitionJob, counter: Int32Array): void {
  const units = partitionUnits(job);
  for (let u = Atomics.add(counter, 0, 1); u < units; u = Atomics.add(counter, 0, 1)) {
    if (job.phase === 'nodes') space.counts[u] = partitionNode(space, job.nodes, u);
    else if (job.phase === 1) splitChunk(space, job, u);
    else placeChunk(space, job, u);
  }
}
