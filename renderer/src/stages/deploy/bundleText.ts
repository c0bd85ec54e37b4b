/** Words and paths of the Deploy stage. */
import { workspaceFile } from '../../components/paths';

/** `<workspace>/bundles/<name>-<version>[.zip]`, with the workspace path's own separator. */
export function suggestedPath(workspace: string, name: string, version: number, format: 'zip' | 'folder'): string {
  return workspaceFile(workspace, 'bundles', `${name}-${version}${format === 'zip' ? '.zip' : ''}`);
}
