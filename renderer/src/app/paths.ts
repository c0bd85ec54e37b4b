/** The app's addresses (hash routes, because Electron loads the page from file://). */
import { STAGES, type Stage } from '@contract';

export const HOME_PATH = '/';

export function stagePath(projectId: string, stage: Stage = 'plan'): string {
  return `/p/${encodeURIComponent(projectId)}/${stage}`;
}

/** The same address as an href for a plain anchor. */
export function stageHref(projectId: string, stage: Stage = 'plan'): string {
  return `#${stagePath(projectId, stage)}`;
}

export function isStage(value: string | undefined): value is Stage {
  return (STAGES as readonly string[]).includes(value ?? '');
}
