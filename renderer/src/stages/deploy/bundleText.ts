/** Words and paths of the Deploy stage. */

/** `<workspace>/bundles/<name>-<version>[.zip]`, with the workspace path's own separator. */
export function suggestedPath(workspace: string, name: string, version: number, format: 'zip' | 'folder'): string {
  const sep = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  return `${workspace.replace(/[\\/]+$/, '')}${sep}bundles${sep}${name}-${version}${format === 'zip' ? '.zip' : ''}`;
}
