/**
 * Grows one histogram tree over the rows in `index[0, n)` (ascending): depth-wise (level by level) or leaf-wise
 * (best gain first), within max depth, max leaves and min split gain, with each split's missing direction learned.
 * With the subtraction trick only the smaller child's histograms are built; the sibling's are the parent's minus them.
 */
import type { Tree } from '../types';
import type { BinnedMatrix } from './binning';
import { clearHistograms, featureGroups, SLOT_BINS, zeroTouched, type HistogramJob, type HistogramSpace, type SplitScan } from './histogram';
import { bestCandidate, leftSums, type Criterion, type Split } from './split';

export interface GrowLimits {
  maxDepth: number;
  maxLeaves: number;
  minSplitGain: number;
  policy: 'depthwise' | 'lossguide';
}

/** Runs histogram jobs over `space`, on this thread or several; `slots` histograms fit in `space.hist`. */
export interface HistogramEngine {
  space: HistogramSpace;
  slots: number;
  /** Threads that share its jobs (work is cut so that they can share it evenly). */
  threads: number;
  run(job: HistogramJob): Promise<void> | void;
  /**
   * Stable-partitions nodes' rows by their splits: `nodes` holds (start, end, feature, bin, missingLeft) per node;
   * resolves to the number of left rows per node.
   */
  partition(nodes: Int32Array): Promise<Int32Array> | Int32Array;
}

export interface GrowContext {
  binned: BinnedMatrix;
  engine: HistogramEngine;
  criterion: Criterion;
  limits: GrowLimits;
  /** Features a node may split on: the same array at every node enables the subtraction trick. */
  features: Int32Array | (() => Int32Array);
  /** Leaf values from a node's channel sums, written to out[0…outputs). */
  leafValue(sums: Float64Array, out: Float64Array): void;
  outputs: number;
  /** Channel sums of the tree's rows, when the caller has them already (else summed here). */
  rootSums?: Float64Array;
}

/** A grown tree and where its leaves' rows lie in `index`, for updating training scores without re-traversal. */
export interface GrownTree {
  tree: Tree;
  /** Per node: the bin a split sends left up to (−1 at leaves); predicts binned rows (`leafOfBinned`). */
  splitBin: Int32Array;
  leaves: { node: number; start: number; end: number }[];
}

interface Node {
  id: number;
  start: number;
  end: number;
  depth: number;
  sums: Float64Array;
  /** Histogram slot, or −1 when this node's histograms are not built. */
  slot: number;
  features: Int32Array | null;
  split: Split | null;
  /** Channel sums of the rows the split sends left (the right's are the rest). */
  left: Float64Array | null;
}

class TreeBuilder {
  feature: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  missingLeft: number[] = [];
  splitBin: number[] = [];
  values: number[] = [];
  constructor(private readonly outputs: number) {}

  add(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.missingLeft.push(0);
    this.splitBin.push(-1);
    for (let k = 0; k < this.outputs; k++) this.values.push(0);
    return this.feature.length - 1;
  }

  finish(): { tree: Tree; splitBin: Int32Array } {
    return {
      tree: {
        feature: Int32Array.from(this.feature),
        threshold: Float32Array.from(this.threshold),
        left: Int32Array.from(this.left),
        right: Int32Array.from(this.right),
        missingLeft: Uint8Array.from(this.missingLeft),
        value: Float64Array.from(this.values),
      },
      splitBin: Int32Array.from(this.splitBin),
    };
  }
}

class Grower {
  private readonly builder: TreeBuilder;
  private readonly freeSlots: number[] = [];
  /** The node whose histograms each slot holds. */
  private readonly owners: (Node | null)[];
  /** Slots known to hold only zeros (not at first: the engine's slots outlive a tree). */
  private readonly clean: boolean[];
  private readonly thresholdCounts: Int32Array;
  private readonly subtract: boolean;
  private readonly leaves: GrownTree['leaves'] = [];
  private leafCount = 1;

  constructor(private readonly ctx: GrowContext) {
    this.builder = new TreeBuilder(ctx.outputs);
    for (let s = ctx.engine.slots - 1; s >= 0; s--) this.freeSlots.push(s);
    this.owners = new Array<Node | null>(ctx.engine.slots).fill(null);
    this.clean = new Array<boolean>(ctx.engine.slots).fill(false);
    this.thresholdCounts = Int32Array.from(ctx.binned.edges.thresholds, (t) => t.length);
    this.subtract = !(typeof ctx.features === 'function');
  }

  private featuresOf(): Int32Array {
    const f = this.ctx.features;
    return typeof f === 'function' ? f() : f;
  }

  private canSplit(node: Node): boolean {
    return node.depth < this.ctx.limits.maxDepth && node.end - node.start >= 2;
  }

  private release(node: Node): void {
    if (node.slot >= 0) {
      this.freeSlots.push(node.slot);
      this.owners[node.slot] = null;
    }
    node.slot = -1;
  }

  private take(node: Node, slot = this.freeSlots.pop()!): void {
    node.slot = slot;
    this.owners[slot] = node;
  }

  private makeLeaf(node: Node): void {
    this.release(node);
    const values = new Float64Array(this.ctx.outputs);
    this.ctx.leafValue(node.sums, values);
    for (let k = 0; k < values.length; k++) this.builder.values[node.id * this.ctx.outputs + k] = values[k]!;
    this.leaves.push({ node: node.id, start: node.start, end: node.end });
  }

  /** Takes the node's split from the candidates its histogram job found (see `scanUnit`). */
  private findSplit(node: Node): void {
    const { space } = this.ctx.engine;
    node.split = bestCandidate(space, node.slot, this.groupsOf(node.features!).length - 1);
    node.left = node.split ? leftSums(space, node.slot, node.split) : null;
  }

  private groupsOf(features: Int32Array): Int32Array {
    return featureGroups(features.length, this.ctx.engine.threads);
  }

  /** What a histogram job needs to find splits too: sums of each built node and its sibling (if any). */
  private scan(pairs: [Node, Node | null][]): SplitScan {
    const C = this.ctx.engine.space.channels;
    const sums = new Float64Array(2 * C * pairs.length);
    pairs.forEach(([node, sibling], i) => {
      sums.set(node.sums, 2 * C * i);
      if (sibling) sums.set(sibling.sums, 2 * C * i + C);
    });
    const { criterion, limits } = this.ctx;
    return { criterion, minGain: limits.minSplitGain, sums, thresholdCounts: this.thresholdCounts, missingOnly: this.ctx.binned.missingOnlySplit };
  }

  /** Finds the splits of nodes that have no histograms: builds them directly, as many at a time as slots allow. */
  private async evaluateUnbuilt(nodes: Node[]): Promise<void> {
    for (let i = 0; i < nodes.length; ) {
      // Out of slots: take one back from a node whose split is already known (its children lose subtraction).
      if (this.freeSlots.length === 0) this.release(this.owners.find((o) => o !== null)!);
      const batch = nodes.slice(i, i + (this.subtract ? this.freeSlots.length : 1));
      const build: number[] = [];
      for (const node of batch) {
        this.take(node);
        node.features ??= this.featuresOf();
        build.push(node.start, node.end, node.slot, -1);
      }
      const clean = batch.every((node) => this.clean[node.slot]);
      for (const node of batch) this.clean[node.slot] = false;
      const scan = this.scan(batch.map((node) => [node, null]));
      const features = batch[0]!.features!;
      await this.ctx.engine.run({ features, groups: this.groupsOf(features), build: Int32Array.from(build), clean, scan });
      for (const node of batch) {
        this.findSplit(node);
        if (this.subtract) continue;
        // Leave the slot all zeros for the next node (whose features differ): a small node zeroes the bins its
        // rows touched, a big one its features' histograms whole.
        if (node.end - node.start < SLOT_BINS) zeroTouched(this.ctx.engine.space, node.features!, node.start, node.end, node.slot);
        else clearHistograms(this.ctx.engine.space, node.slot, node.features!);
        this.clean[node.slot] = true;
        this.release(node);
      }
      i += batch.length;
    }
  }

  /** Finds the split of every node: from kept histograms where present, else by building them. */
  private async evaluate(nodes: Node[]): Promise<void> {
    for (const node of nodes) if (node.slot >= 0) this.findSplit(node);
    await this.evaluateUnbuilt(nodes.filter((n) => n.slot < 0));
  }

  private newNode(parent: Node, start: number, end: number, sums: Float64Array): Node {
    const id = this.builder.add();
    return { id, start, end, depth: parent.depth + 1, sums, slot: -1, features: this.subtract ? parent.features : null, split: null, left: null };
  }

  /** Applies splits: partitions rows, records the node, and prepares children's histograms by subtraction. */
  private async split(parents: Node[]): Promise<Node[]> {
    const { engine, binned } = this.ctx;
    const children: Node[] = [];
    const build: number[] = [];
    const built: [Node, Node | null][] = [];
    const described: number[] = [];
    for (const node of parents) described.push(node.start, node.end, node.split!.feature, node.split!.bin, node.split!.missingLeft ? 1 : 0);
    const lefts = await engine.partition(Int32Array.from(described));
    for (const [i, node] of parents.entries()) {
      const s = node.split!;
      const nLeft = lefts[i]!;
      const rightSums = node.sums.slice();
      for (let c = 0; c < rightSums.length; c++) rightSums[c]! -= node.left![c]!;
      const left = this.newNode(node, node.start, node.start + nLeft, node.left!);
      const right = this.newNode(node, node.start + nLeft, node.end, rightSums);
      const b = this.builder;
      b.feature[node.id] = s.feature;
      b.splitBin[node.id] = s.bin;
      const thresholds = binned.edges.thresholds[s.feature]!;
      b.threshold[node.id] = s.bin < thresholds.length ? thresholds[s.bin]! : Infinity;
      b.missingLeft[node.id] = s.missingLeft ? 1 : 0;
      b.left[node.id] = left.id;
      b.right[node.id] = right.id;
      this.leafCount++;
      children.push(left, right);
      const [small, large] = nLeft <= node.end - node.start - nLeft ? [left, right] : [right, left];
      const wanted = [small, large].filter((c) => this.canSplit(c));
      if (this.subtract && node.slot >= 0 && wanted.length === 2 && this.freeSlots.length > 0) {
        this.take(small);
        this.take(large, node.slot);
        this.clean[small.slot] = false;
        node.slot = -1;
        build.push(small.start, small.end, small.slot, large.slot);
        built.push([small, large]);
      } else if (this.subtract && node.slot >= 0 && wanted.length === 1) {
        // Only one child can split further: build it directly in the parent's slot.
        const only = wanted[0]!;
        this.take(only, node.slot);
        this.clean[only.slot] = false;
        node.slot = -1;
        build.push(only.start, only.end, only.slot, -1);
        built.push([only, null]);
      }
      this.release(node);
    }
    const features = parents[0]?.features;
    if (features && build.length > 0) await engine.run({ features, groups: this.groupsOf(features), build: Int32Array.from(build), scan: this.scan(built) });
    return children;
  }

  async grow(n: number): Promise<GrownTree> {
    const { channels: C, values, index } = this.ctx.engine.space;
    let sums = this.ctx.rootSums;
    if (!sums) {
      sums = new Float64Array(C);
      for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) sums[c]! += values[index[i]! * C + c]!;
    }
    const root: Node = { id: this.builder.add(), start: 0, end: n, depth: 0, sums, slot: -1, features: this.featuresOf(), split: null, left: null };
    if (this.canSplit(root)) await this.evaluate([root]);
    if (this.ctx.limits.policy === 'depthwise') await this.growDepthwise(root);
    else await this.growLossguide(root);
    const { tree, splitBin } = this.builder.finish();
    return { tree, splitBin, leaves: this.leaves.sort((a, b) => a.start - b.start) };
  }

  private async growDepthwise(root: Node): Promise<void> {
    let frontier = [root];
    while (frontier.length > 0) {
      // Within a level, the largest gains split first when max leaves would be passed.
      const order = frontier.filter((n) => n.split !== null).sort((a, b) => b.split!.gain - a.split!.gain || a.id - b.id);
      const splitting = order.slice(0, Math.max(0, this.ctx.limits.maxLeaves - this.leafCount));
      for (const node of frontier) if (!splitting.includes(node)) this.makeLeaf(node);
      const children = await this.split(splitting.sort((a, b) => a.id - b.id));
      frontier = [];
      for (const child of children) (this.canSplit(child) ? frontier : []).push(child);
      for (const child of children) if (!this.canSplit(child)) this.makeLeaf(child);
      await this.evaluate(frontier);
    }
  }

  private async growLossguide(root: Node): Promise<void> {
    const open = [root];
    while (open.length > 0) {
      let best = -1;
      for (let i = 0; i < open.length; i++) {
        const s = open[i]!.split;
        if (s && (best < 0 || s.gain > open[best]!.split!.gain)) best = i;
      }
      if (best < 0 || this.leafCount >= this.ctx.limits.maxLeaves) break;
      const node = open.splice(best, 1)[0]!;
      const children = await this.split([node]);
      const splittable = children.filter((c) => this.canSplit(c));
      for (const child of children) if (!this.canSplit(child)) this.makeLeaf(child);
      await this.evaluate(splittable);
      open.push(...splittable);
    }
    for (const node of open) this.makeLeaf(node);
  }
}

/** Grows one tree over `index[0, n)` of the engine's space (whose `values` hold the rows' channels). */
export function growTree(ctx: GrowContext, n: number): Promise<GrownTree> {
  return new Grower(ctx).grow(n);
}

/** The leaf a binned row reaches: the same leaf `leafOf` finds on the raw values, by construction of the bins. */
export function leafOfBinned(grown: GrownTree, bins: Uint8Array, rows: number, row: number): number {
  const { tree, splitBin } = grown;
  let node = 0;
  while (tree.feature[node]! !== -1) {
    const bin = bins[tree.feature[node]! * rows + row]!;
    const left = bin === 255 ? tree.missingLeft[node] === 1 : bin <= splitBin[node]!;
    node = left ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}
