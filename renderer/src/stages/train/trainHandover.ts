/**
 * "Start next iteration" (Monitor) hands the Train stage what to start from: the new dataset version and the
 * production run's training request. The Train stage takes it once, on its next start, and opens its wizard with it.
 */
import type { NextIteration } from '@contract';

const key = (projectId: string) => `gyre.train.handover.${projectId}`;

export function handOverTraining(projectId: string, next: NextIteration): void {
  sessionStorage.setItem(key(projectId), JSON.stringify(next));
}

/**
 * The iteration waiting for the Train stage, without taking it: read in a state initializer, which React may run
 * twice; the stage then discards it in an effect, so it is taken once.
 */
export function readTrainingHandover(projectId: string): NextIteration | null {
  const raw = sessionStorage.getItem(key(projectId));
  if (!raw) return null;
  try {
    return JSON.parse(raw) as NextIteration;
  } catch (error) {
    console.warn('[gyre] the next iteration handed to Train could not be read:', error);
    return null;
  }
}

export function discardTrainingHandover(projectId: string): void {
  sessionStorage.removeItem(key(projectId));
}
