/**
 * The privacy rule that no generated row equals a real one, checked exactly on every generated column against every
 * real row: rows are hashed (two 32-bit hashes, 53 bits kept), and a hash hit is confirmed value by value.
 */
import type { Random } from '../random';
import { resampleRows, takeRows, type CopulaModel, type EncodedTable } from './copula';

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

function mix(h: number, word: number): number {
  h = Math.imul(h ^ word, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** A 53-bit hash of one row; equal rows (NaN = NaN, 0 = −0) hash equal. */
function rowHash(table: EncodedTable, row: number): number {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (const column of table.columns) {
    if (column.kind === 'number') {
      const v = column.values[row]!;
      scratch[0] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
      a = mix(mix(a, words[0]!), words[1]!);
      b = mix(mix(b, words[1]! ^ 0x9e3779b9), words[0]!);
    } else {
      a = mix(a, column.codes[row]!);
      b = mix(b, column.codes[row]! ^ 0x7f4a7c15);
    }
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11);
}

function sameRow(x: EncodedTable, i: number, y: EncodedTable, j: number): boolean {
  for (let k = 0; k < x.columns.length; k++) {
    const cx = x.columns[k]!;
    const cy = y.columns[k]!;
    if (cx.kind === 'number' && cy.kind === 'number') {
      const a = cx.values[i]!;
      const b = cy.values[j]!;
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) return false;
    } else if (cx.kind === 'category' && cy.kind === 'category') {
      if (cx.codes[i] !== cy.codes[j]) return false;
    } else return false;
  }
  return true;
}

/** Every real row by its hash: the first row with a hash, and a chain to the next row with the same hash. */
export interface RealRowIndex {
  real: EncodedTable;
  first: Map<number, number>;
  next: Int32Array;
}

export function indexRows(real: EncodedTable): RealRowIndex {
  const first = new Map<number, number>();
  const next = new Int32Array(real.rows).fill(-1);
  for (let r = real.rows - 1; r >= 0; r--) {
    const h = rowHash(real, r);
    const head = first.get(h);
    if (head !== undefined) next[r] = head;
    first.set(h, r);
  }
  return { real, first, next };
}

/** Whether row `row` of `table` equals some real row, on every column. */
export function isCopy(index: RealRowIndex, table: EncodedTable, row: number): boolean {
  for (let r = index.first.get(rowHash(table, row)) ?? -1; r !== -1; r = index.next[r]!) {
    if (sameRow(table, row, index.real, r)) return true;
  }
  return false;
}

/** The rows of `table` (of those listed, or all) that equal a real row. */
export function copiesIn(index: RealRowIndex, table: EncodedTable, rows?: ArrayLike<number>): number[] {
  const out: number[] = [];
  const count = rows ? rows.length : table.rows;
  for (let i = 0; i < count; i++) {
    const row = rows ? rows[i]! : i;
    if (isCopy(index, table, row)) out.push(row);
  }
  return out;
}

export interface CopyRemoval {
  table: EncodedTable;
  /** Generated rows that equalled a real row on the first draw. */
  found: number;
  /** Draws made again (a row may be drawn again more than once). */
  resampled: number;
  /** Rows still equal to a real row after the last try, left out. */
  dropped: number;
}

/** Tries per row before a generated row that keeps landing on a real one is left out. */
export const COPY_TRIES = 10;

/** Draws every row that copies a real row again, up to COPY_TRIES times; rows that still copy are left out. */
export function removeCopies(model: CopulaModel, index: RealRowIndex, table: EncodedTable, random: Random): CopyRemoval {
  let copies = copiesIn(index, table);
  const found = copies.length;
  let resampled = 0;
  for (let attempt = 0; attempt < COPY_TRIES && copies.length > 0; attempt++) {
    resampleRows(model, table, copies, random);
    resampled += copies.length;
    copies = copiesIn(index, table, copies);
  }
  if (copies.length === 0) return { table, found, resampled, dropped: 0 };
  const drop = new Set(copies);
  const keep = Array.from({ length: table.rows }, (_, i) => i).filter((i) => !drop.has(i));
  return { table: takeRows(table, keep), found, resampled, dropped: copies.length };
}
