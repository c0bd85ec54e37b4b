/** Addresses inside the Data stage: the list, and one dataset (by id). */
import { stagePath } from '../../app/paths';

export function datasetPath(projectId: string, datasetId: string): string {
  return `${stagePath(projectId, 'data')}/${encodeURIComponent(datasetId)}`;
}

export function datasetHref(projectId: string, datasetId: string): string {
  return `#${datasetPath(projectId, datasetId)}`;
}
