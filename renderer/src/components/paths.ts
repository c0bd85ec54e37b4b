/** Paths on the machine Gyre runs on, as the renderer suggests them: inside the workspace, in its own separator style. */

/** `<workspace>/<folder>/<file>`, with `\` where the workspace path uses only backslashes (Windows), else `/`. */
export function workspaceFile(workspace: string, folder: string, file: string): string {
  const sep = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  return `${workspace.replace(/[\\/]+$/, '')}${sep}${folder}${sep}${file}`;
}
