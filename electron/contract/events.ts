/** Events pushed from the main process to every window (IPC) or browser tab (SSE). */
import type { Entity } from './procedure';

export interface GyreEvents {
  /** Data changed (by this window, another window, or the CLI): refetch what reads these entities. */
  changed: { entities: Entity[] };
}

export type EventName = keyof GyreEvents;
