/** The graph builder keeps an ONNX graph well formed: unique value names, known inputs, typed constants. */
import { describe, expect, it } from 'vitest';
import { attr, decodeModel, encodeModel, GraphBuilder, modelMetadata, tensor } from '../../../electron/ml/onnx/graph';
import { createSession, scoreColumns } from '../../../electron/ml/onnx/runtime';

describe('GraphBuilder', () => {
  it('hands out fresh names and refuses to name a value twice', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float', ['N', 2]);
    expect(g.uniqueName('x')).toBe('x_1');
    expect(g.floats('c', [1, 2])).toBe('c');
    expect(g.floats('c', [3])).toBe('c_1');
    expect(g.op('Add', [x, 'c'])).toBe('add');
    expect(g.op('Add', ['add', 'c_1'])).toBe('add_1');
    expect(() => g.node('Relu', [x], ['add'])).toThrow('already has a value named add');
    expect(() => g.op('Relu', ['nowhere'])).toThrow('Relu: no value named nowhere');
    expect(() => g.output('missing', 'float', ['N', 2])).toThrow('No value named missing');
  });

  it('checks that a constant fills its dims and that int64 values are integers', () => {
    expect(() => tensor('t', { type: 'float', values: [1, 2, 3] }, [2, 2])).toThrow('hold 4 values, got 3');
    expect(() => tensor('t', { type: 'int64', values: [1.5] })).toThrow('Not an integer');
    expect(tensor('s', { type: 'float', values: [7] }, []).dims).toEqual([]);
    expect(() => attr.ints('a', [2 ** 53])).toThrow('Not an integer');
  });

  it('builds a model that runs: constants of each type, typed attributes, metadata', async () => {
    const g = new GraphBuilder('demo');
    const x = g.input('x', 'float', ['N', 3]);
    const scaled = g.op('Mul', [x, g.floats('scale', [1, 2, 4], [1, 3])]);
    const total = g.op('ReduceSum', [scaled, g.int64s('axes', [1])], [attr.int('keepdims', 0)], 'total');
    g.output(total, 'float', ['N']);
    const index = g.op('ArgMax', [scaled], [attr.int('axis', 1), attr.int('keepdims', 0)]);
    g.output(g.node('Gather', [g.strings('names', ['a', 'b', 'c']), index], ['name'])[0]!, 'string', ['N']);
    const bytes = encodeModel(g.toModel({ metadata: { 'gyre.kind': 'demo' }, producer: 'gyre-test', producerVersion: '0.1.0' }));
    const decoded = decodeModel(bytes);
    expect(decoded.graph!.name).toBe('demo');
    expect(modelMetadata(decoded)).toEqual({ 'gyre.kind': 'demo' });
    const { session } = await createSession(bytes, { provider: 'cpu', threads: 1 });
    const out = await scoreColumns(session, { x: Float32Array.from([1, 1, 1, 5, 1, 0]) }, 2);
    expect(Array.from(out.total!.data as Float32Array)).toEqual([7, 7]);
    expect(out.name!.data).toEqual(['c', 'a']);
    await session.release();
  });

  it('refuses a model without outputs', () => {
    const g = new GraphBuilder();
    g.input('x', 'float', ['N', 1]);
    expect(() => g.toModel({ metadata: {}, producer: 'gyre-test' })).toThrow('no outputs');
  });
});
