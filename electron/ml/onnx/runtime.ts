/**
 * Runs exported graphs in onnxruntime-node: a session on the preferred execution provider with a clean fallback to
 * CPU, and batched scoring of columns. ORT's native calls block their thread, so call this from a worker process.
 */
import { InferenceSession, listSupportedBackends, Tensor } from 'onnxruntime-node';
import { GyreError } from '../../contract/errors';

export type Provider = 'cpu' | 'cuda' | 'webgpu';
export type ProviderChoice = 'auto' | Provider;

export interface SessionOptions {
  /** 'auto' tries CUDA, then CPU. WebGPU only when asked: ai.onnx.ml ops have no WebGPU kernels. Default 'auto'. */
  provider?: ProviderChoice;
  /** Threads for one operator (intra-op); default: ORT's choice (the physical cores). */
  threads?: number;
  /**
   * Whether idle intra-op threads spin while waiting for work (ORT's default) rather than sleep. Spinning is a few
   * percent faster on an idle machine; when other processes want the cores, the spinning threads take their time,
   * and ORT's tree kernel, whose threads meet every 128 rows, ran 1.5–2× slower (test/bench/onnx-scoring.ts).
   */
  spinWait?: boolean;
  /** Whether CUDA's provider library is installed (a file check, done by the caller: ml/ does no I/O). */
  cudaInstalled?: () => boolean;
}

export interface ScoringSession {
  session: InferenceSession;
  /** The provider the session was created with: record it with the run. */
  provider: Provider;
  /** Why the session is not on the preferred provider; '' when it is. */
  note: string;
}

/** Providers that failed to start in this process, with why: not tried again (a failed CUDA load costs time and logs). */
const failedProviders = new Map<Provider, string>();

function candidates(choice: ProviderChoice): Provider[] {
  if (choice === 'auto') return ['cuda', 'cpu'];
  return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
}

/** Creates a session on the first provider of the preference that starts; CPU always does. */
export async function createSession(bytes: Uint8Array, options: SessionOptions = {}): Promise<ScoringSession> {
  const wanted = options.provider ?? 'auto';
  const supported = new Set(listSupportedBackends().map((b) => b.name));
  const reasons: string[] = [];
  for (const provider of candidates(wanted)) {
    if (provider !== 'cpu') {
      const failed = failedProviders.get(provider);
      if (!supported.has(provider)) {
        reasons.push(`${provider} is not in this onnxruntime build`);
        continue;
      }
      if (provider === 'cuda' && options.cudaInstalled?.() === false) {
        // Trying anyway would print onnxruntime's load failure on stderr, whatever the log level. 'auto' means
        // "CUDA where installed": its absence is not a fallback worth a note on every run.
        if (wanted !== 'auto') reasons.push('CUDA support is not installed (ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node adds it)');
        continue;
      }
      if (failed) {
        reasons.push(`${provider} did not start: ${failed}`);
        continue;
      }
    }
    try {
      const session = await InferenceSession.create(bytes, sessionOptions(provider, options));
      return { session, provider, note: reasons.length ? `${reasons.join('; ')}; using ${provider}` : '' };
    } catch (error) {
      if (provider === 'cpu') throw error;
      const reason = firstLine(error);
      failedProviders.set(provider, reason);
      reasons.push(`${provider} did not start: ${reason}`);
    }
  }
  throw new Error(`No execution provider could run the model (${reasons.join('; ')})`);
}

function sessionOptions(provider: Provider, { threads, spinWait = true }: SessionOptions): InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    ...(threads ? { intraOpNumThreads: threads } : {}),
    ...(spinWait ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
    logSeverityLevel: 3,
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

/** One input column: float32 numbers, float64 (datetimes as epoch milliseconds) or strings; row-major when a row holds several values. */
export type InputColumn = Float32Array | Float64Array | readonly string[];
export type OutputData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | string[];

export interface OutputColumn {
  /** Row-major values of all rows. */
  data: OutputData;
  /** [rows, …the shape of one row]. */
  dims: number[];
}

export interface ScoreOptions {
  /** Rows per `run` call; default 65,536. */
  batchRows?: number;
  /** Outputs to fetch; default every tensor output (never ZipMap-style maps, which onnxruntime-node cannot return). */
  outputs?: readonly string[];
  /** Checked between batches: a cancelled job stops there, never in the middle of a native run. */
  signal?: AbortSignal;
  onProgress?: (rowsDone: number, rows: number) => void;
}

export const DEFAULT_BATCH_ROWS = 65_536;

/** Scores `rows` rows in batches and returns each fetched output, all rows concatenated. */
export async function scoreColumns(session: InferenceSession, inputs: Record<string, InputColumn>, rows: number, options: ScoreOptions = {}): Promise<Record<string, OutputColumn>> {
  const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
  const fetches = tensorOutputs(session, options.outputs);
  const feeds = session.inputMetadata.map((meta) => inputFeed(meta, inputs, rows));
  const results = new Map<string, OutputAccumulator>();
  // At least one run, so that zero rows still give each output with its shape.
  for (let start = 0; ; start += batchRows) {
    options.signal?.throwIfAborted();
    const end = Math.min(rows, start + batchRows);
    const batch = Object.fromEntries(feeds.map((feed) => [feed.name, feed.slice(start, end)]));
    const out = await session.run(batch, fetches);
    for (const name of fetches) {
      const value = out[name] as Tensor;
      let acc = results.get(name);
      if (!acc) results.set(name, (acc = new OutputAccumulator(name, value, rows)));
      acc.add(value, start, end);
    }
    options.onProgress?.(end, rows);
    if (end >= rows) break;
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the worker hear a cancel
  }
  return Object.fromEntries(fetches.map((name) => [name, results.get(name)!.result()]));
}

function tensorOutputs(session: InferenceSession, wanted: readonly string[] | undefined): string[] {
  const tensors = new Set(session.outputMetadata.filter((m) => m.isTensor).map((m) => m.name));
  if (!wanted) return [...tensors];
  for (const name of wanted) {
    if (!session.outputNames.includes(name)) throw new GyreError('VALIDATION', `The model has no output named ${name}.`, { field: name });
    if (!tensors.has(name)) throw new GyreError('VALIDATION', `Output ${name} is not a tensor (a map or sequence); onnxruntime-node cannot fetch it.`, { field: name });
  }
  return [...wanted];
}

interface InputFeed {
  name: string;
  slice(start: number, end: number): Tensor;
}

function inputFeed(meta: InferenceSession.ValueMetadata, inputs: Record<string, InputColumn>, rows: number): InputFeed {
  const column = inputs[meta.name];
  if (!column) throw new GyreError('VALIDATION', `Missing input column ${meta.name}.`, { column: meta.name });
  const width = rows === 0 ? widthOf(meta) : column.length / rows;
  if (!Number.isInteger(width) || width < 1) throw new GyreError('VALIDATION', `Input ${meta.name}: ${column.length} values do not fill ${rows} rows.`, { column: meta.name });
  const rank = meta.isTensor ? meta.shape.length : 2;
  const dims = (n: number): number[] => (rank === 1 ? [n] : [n, width]);
  const type = column instanceof Float32Array ? 'float32' : column instanceof Float64Array ? 'float64' : 'string';
  if (meta.isTensor && meta.type !== type) throw new GyreError('VALIDATION', `Input ${meta.name} takes ${meta.type}, got ${type} values.`, { column: meta.name });
  if (column instanceof Float32Array) return { name: meta.name, slice: (s, e) => new Tensor('float32', column.subarray(s * width, e * width), dims(e - s)) };
  if (column instanceof Float64Array) return { name: meta.name, slice: (s, e) => new Tensor('float64', column.subarray(s * width, e * width), dims(e - s)) };
  return { name: meta.name, slice: (s, e) => new Tensor('string', column.slice(s * width, e * width), dims(e - s)) };
}

function widthOf(meta: InferenceSession.ValueMetadata): number {
  const last = meta.isTensor && meta.shape.length > 1 ? meta.shape[meta.shape.length - 1] : 1;
  return typeof last === 'number' ? last : 1;
}

type TypedArrayConstructor = new (length: number) => Exclude<OutputData, string[]>;

/** Gathers one output's batches into a single row-major array. */
class OutputAccumulator {
  private readonly width: number;
  private readonly dims: number[];
  private readonly data: OutputData;

  constructor(name: string, first: Tensor, rows: number) {
    const rest = first.dims.slice(1);
    this.width = rest.reduce((a, b) => a * b, 1);
    this.dims = [rows, ...rest];
    if (first.type === 'string') this.data = new Array<string>(rows * this.width);
    else if (ArrayBuffer.isView(first.data)) this.data = new (first.data.constructor as TypedArrayConstructor)(rows * this.width);
    else throw new Error(`Output ${name} has type ${first.type}, which scoring does not read`);
  }

  add(value: Tensor, start: number, end: number): void {
    const offset = start * this.width;
    const expected = (end - start) * this.width;
    if (value.data.length !== expected) throw new Error(`An output batch holds ${value.data.length} values, expected ${expected}`);
    if (Array.isArray(this.data)) {
      const strings = value.data as string[];
      for (let i = 0; i < strings.length; i++) this.data[offset + i] = strings[i]!;
    } else {
      (this.data as Float32Array).set(value.data as Float32Array, offset);
    }
  }

  result(): OutputColumn {
    return { data: this.data, dims: this.dims };
  }
}
