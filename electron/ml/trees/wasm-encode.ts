/**
 * Just enough of the WebAssembly binary format to write the histogram kernel (`histogram-wasm.ts`) as TypeScript:
 * LEB128 numbers, sections, and the few instructions it uses. The module is assembled when first needed, so the
 * repository holds its source and no build step or binary.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A vector: its length, then its items. */
export function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

export function utf8(s: string): number[] {
  return vec([...new TextEncoder().encode(s)].map((b) => [b]));
}

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instructions, by their binary encoding (memory immediates are alignment as log2 bytes, then offset). */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Eq: [0x46],
  i32LtU: [0x49],
  i32LeU: [0x4d],
  i32GeU: [0x4f],
  select: [0x1b],
  i32Load: [0x28, 2, 0],
  i32Load8U: [0x2d, 0, 0],
  i32Store: [0x36, 2, 0],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  v128Load: [0xfd, ...uleb(0x00), 4, 0],
  v128Store: [0xfd, ...uleb(0x0b), 4, 0],
  v128Load64Zero: [0xfd, ...uleb(0x5d), 3, 0],
  f64x2PromoteLowF32x4: [0xfd, ...uleb(0x5f)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
};

export interface FunctionCode {
  params: number[];
  results: number[];
  locals: number[];
  code: number[];
  export: string;
}

/** Most pages (64 KiB) of a 32-bit memory. */
export const MAX_PAGES = 65536;

/** A module that imports `env.memory` (shared or not, of any size) and exports the given functions. */
export function moduleBytes(functions: FunctionCode[], sharedMemory: boolean): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const limits = sharedMemory ? [0x03, 0, ...uleb(MAX_PAGES)] : [0x00, 0];
  const bodies = functions.map((f) => {
    const body = [...vec(f.locals.map((t) => [1, t])), ...f.code, ...op.end];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec(types)),
    ...section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...utf8(f.export), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}
