/**
 * Where the lifecycle map draws its eight stages: a loop read like a page — the first four left to right along the
 * top, the last four right to left along the bottom, joined by a bend on the right and, from Monitor back to Plan,
 * the "round again" bend on the left. Pure geometry in pixels, so the map stays legible from 800 to 1300 px.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Arrow {
  /** SVG path data, drawn in the direction of the cycle (its arrowhead is at the end). */
  d: string;
  /** Index of the stage it points at (0 = Plan, reached from Monitor). */
  to: number;
}

export interface LoopLayout {
  width: number;
  height: number;
  /** One box per stage, in cycle order. */
  nodes: Box[];
  /** Eight arrows: stage i → i + 1, then Monitor → Plan. */
  arrows: Arrow[];
  /** Where the "round again" words start: inside the loop, beside the left bend. */
  roundAgain: { x: number; y: number };
  /** The space inside the loop, between the rows, for the explanation. */
  center: Box;
}

/** Room above the top row for a node's "Next" tag. */
const TOP = 14;
/** How far the bends reach out beyond the outer nodes. */
const BULGE = 42;
/** The outer nodes' distance from the edge: the bend plus a margin. */
const SIDE = BULGE + 16;
const MIN_GAP = 44;
/** The gap between an arrow's end and a node's border. */
const PAD = 5;
/** Room left inside the loop beside the left bend for the "round again" words. */
const LABEL_ROOM = 104;

/** The loop for a map `width` pixels wide whose nodes are `nodeH` tall and `rowGap` apart vertically. */
export function loopLayout(width: number, nodeH: number, rowGap: number): LoopLayout {
  const nodeW = Math.max(128, Math.min(200, Math.floor((width - 2 * SIDE - 3 * MIN_GAP) / 4)));
  const gap = Math.max(MIN_GAP, (width - 2 * SIDE - 4 * nodeW) / 3);
  const column = (c: number) => SIDE + c * (nodeW + gap);
  const y1 = TOP;
  const y2 = TOP + nodeH + rowGap;
  const nodes: Box[] = [0, 1, 2, 3, 3, 2, 1, 0].map((c, i) => ({ x: column(c), y: i < 4 ? y1 : y2, w: nodeW, h: nodeH }));

  const cy1 = y1 + nodeH / 2;
  const cy2 = y2 + nodeH / 2;
  const ry = (cy2 - cy1) / 2;
  const arrows: Arrow[] = [];
  for (let i = 0; i < 3; i++) {
    arrows.push({ d: `M ${nodes[i]!.x + nodeW + PAD} ${cy1} H ${nodes[i + 1]!.x - PAD}`, to: i + 1 });
  }
  const right = nodes[3]!.x + nodeW + PAD;
  arrows.push({ d: `M ${right} ${cy1} A ${BULGE} ${ry} 0 0 1 ${right} ${cy2}`, to: 4 });
  for (let i = 4; i < 7; i++) {
    arrows.push({ d: `M ${nodes[i]!.x - PAD} ${cy2} H ${nodes[i + 1]!.x + nodeW + PAD}`, to: i + 1 });
  }
  const left = nodes[7]!.x - PAD;
  arrows.push({ d: `M ${left} ${cy2} A ${BULGE} ${ry} 0 0 1 ${left} ${cy1}`, to: 0 });

  const centerX = SIDE + LABEL_ROOM;
  const overall = Math.max(width, column(3) + nodeW + SIDE);
  return {
    width: overall,
    height: y2 + nodeH + 6,
    nodes,
    arrows,
    roundAgain: { x: left - BULGE + 10, y: (cy1 + cy2) / 2 },
    center: { x: centerX, y: y1 + nodeH + 10, w: overall - 2 * centerX, h: rowGap - 20 },
  };
}
