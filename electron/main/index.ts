/** Electron host: opens the workspace, wires the contract to IPC, and opens the window. No domain logic here. */
import { app, BrowserWindow, dialog } from 'electron';
import { createCore, type Core } from '../core/handlers';
import { installNetworkGuard } from '../core/network';
import { openWorkspace, resolveWorkspaceDir, type Workspace } from '../core/workspace';
import { GyreError } from '../contract/errors';
import { broadcast, installIpcBridge } from './ipc-bridge';
import { utilityWorkerSpawner } from './utility-worker';
import { installMenu } from './menu';
import { createMainWindow, hardenSession, isOwnUrl } from './window';

function workspaceFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--workspace');
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--workspace='))?.slice('--workspace='.length);
}

installNetworkGuard('electron main');

let workspace: Workspace | undefined;
let core: Core | undefined;

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(() => {
  try {
    workspace = openWorkspace(resolveWorkspaceDir(workspaceFlag(process.argv)));
  } catch (e) {
    const message = e instanceof GyreError ? `${e.message} (${e.code})` : String(e);
    dialog.showErrorBox('Gyre cannot open its workspace', message);
    app.exit(1);
    return;
  }
  hardenSession();
  core = createCore({ ws: workspace, host: 'electron', spawnWorker: utilityWorkerSpawner(), emit: broadcast });
  installIpcBridge(core.handlers, isOwnUrl);
  installMenu();
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  const closing = core;
  core = undefined;
  if (!closing) {
    workspace?.close();
    workspace = undefined;
    return;
  }
  // Closing the core stops local bundle servers (SIGTERM, then a grace): quit once they are gone.
  event.preventDefault();
  void closing.close().finally(() => {
    workspace?.close();
    workspace = undefined;
    app.quit();
  });
});
