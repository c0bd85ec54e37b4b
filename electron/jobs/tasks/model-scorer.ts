/**
 * An exported pipeline loaded in onnxruntime and fed from frames: all of its outputs per row (probabilities
 * [rows × classes], or values), and the one-row latency a server would see. Shared by training (which times each
 * new run) and evaluation (which scores, times and explains a stored one).
 */
import type { InferenceSession } from 'onnxruntime-node';
import type { ProviderChoice } from '../../contract/runs';
import { onnxInputs } from '../../ml/onnx-inputs';
import { createSession, scoreColumns } from '../../ml/onnx/runtime';
import type { Frame } from '../../ml/preprocess/frame';
import type { RawInput } from '../../ml/preprocess/onnx';
import type { Task } from '../../ml/types';
import { cudaInstalled } from '../onnx-providers';

export interface ModelScorer {
  predict(frame: Frame): Promise<Float64Array>;
  /** p50 and p95 of one row per call, over up to 200 of the frame's rows. */
  latency(frame: Frame): Promise<{ p50Ms: number; p95Ms: number }>;
  release(): Promise<void>;
}

export async function modelScorer(onnx: Uint8Array, inputs: RawInput[], task: Task, provider: ProviderChoice): Promise<ModelScorer> {
  const { session } = await createSession(onnx, { provider, cudaInstalled });
  const output = task === 'regression' ? 'prediction' : 'probabilities';
  const all = (frame: Frame) => Uint32Array.from({ length: frame.rows }, (_, i) => i);
  return {
    async predict(frame) {
      if (frame.rows === 0) return new Float64Array(0);
      const out = await scoreColumns(session, onnxInputs(inputs, frame, all(frame)), frame.rows, { outputs: [output] });
      return Float64Array.from(out[output]!.data as Float32Array);
    },
    latency: (frame) => rowLatency(session, inputs, frame, all(frame), output),
    release: () => session.release(),
  };
}

/** Rows scored one call each to time online prediction: enough for a p95, few enough to cost well under a second. */
const LATENCY_ROWS = 200;

/** p50 and p95 of scoring one row per call through the exported file (building its inputs included, as a server would). */
export async function rowLatency(session: InferenceSession, inputs: RawInput[], frame: Frame, rows: Uint32Array, output: string): Promise<{ p50Ms: number; p95Ms: number }> {
  const step = Math.max(1, Math.floor(rows.length / LATENCY_ROWS));
  const times: number[] = [];
  for (let i = 0; i < rows.length && times.length < LATENCY_ROWS; i += step) {
    const started = performance.now();
    await scoreColumns(session, onnxInputs(inputs, frame, rows.subarray(i, i + 1)), 1, { outputs: [output] });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50Ms: at(0.5), p95Ms: at(0.95) };
}
