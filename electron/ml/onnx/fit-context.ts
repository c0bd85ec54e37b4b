/** What a model that trains inside onnxruntime (linear, MLP) is told: the task, its settings and where to run. */
import type { Task } from '../types';
import type { ProviderChoice } from './runtime';

export interface OrtFitContext<P> {
  task: Task;
  classes: number;
  params: P;
  seed: number;
  /** Checked between runs of the training graph: when true, training stops there and the model so far is returned. */
  shouldStop?: () => boolean;
  /** Default 'auto': CUDA when installed, else CPU. */
  provider?: ProviderChoice;
  /** Threads per operator; default onnxruntime's choice. */
  threads?: number;
  /** Whether CUDA's provider library is installed (see `createSession`). */
  cudaInstalled?: () => boolean;
}
