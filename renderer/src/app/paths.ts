/** The app's addresses (hash routes, because Electron loads the page from file://). */
import { STAGES, type Stage } from '@contract';

export const HOME_PATH = '/';

/** A project's pages: its overview (where opening a project lands) and one page per stage. */
export type ProjectPage = Stage | 'overview';

export function stagePath(projectId: string, stage: Stage = 'plan'): string {
  return `/p/${encodeURIComponent(projectId)}/${stage}`;
}

/** The same address as an href for a plain anchor. */
export function stageHref(projectId: string, stage: Stage = 'plan'): string {
  return `#${stagePath(projectId, stage)}`;
}

/** The project's dashboard: the whole cycle at a glance. */
export function overviewPath(projectId: string): string {
  return `/p/${encodeURIComponent(projectId)}/overview`;
}

export function overviewHref(projectId: string): string {
  return `#${overviewPath(projectId)}`;
}

export function isStage(value: string | undefined): value is Stage {
  return (STAGES as readonly string[]).includes(value ?? '');
}
