/** Events pushed from the main process to every window (IPC) or browser tab (SSE). */
import type { Job } from './jobs';
import type { Entity } from './procedure';
import type { Stage } from './stages';

/** A command from the desktop app's menu, carried out by the renderer as if its shortcut had been pressed. */
export type MenuCommand =
  | { command: 'project.new' }
  | { command: 'stage.go'; stage: Stage }
  /** Help → Take the tour: the renderer passes it on as the window event `gyre:tour`. */
  | { command: 'help.tour' }
  /** Help → Lifecycle map. */
  | { command: 'help.map' }
  /** Help → Keyboard shortcuts. */
  | { command: 'help.shortcuts' };

export interface GyreEvents {
  /** Data changed (by this window, another window, or the CLI): refetch what reads these entities. */
  changed: { entities: Entity[] };
  /** A job's state or progress changed (at least every 500 ms while it runs). */
  job: Job;
  /** Desktop only: a menu item was chosen. */
  command: MenuCommand;
}

export type EventName = keyof GyreEvents;
