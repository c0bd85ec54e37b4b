/** The main window, locked down: isolated, sandboxed, no Node, no navigation, no pop-ups, no permissions, no network. */
import { join } from 'node:path';
import { BrowserWindow, nativeTheme, session } from 'electron';
import { isLocalUrl, recordRefusedUrl } from '../core/network';

export const RENDERER_ENTRY = join(__dirname, '../renderer/index.html');

export function isOwnUrl(url: string): boolean {
  return url.startsWith('file://') && decodeURIComponent(new URL(url).pathname).endsWith('/renderer/index.html');
}

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Gyre makes no outbound connections: the window's requests reach only its own files and this machine.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const local = isLocalUrl(details.url);
    if (!local) recordRefusedUrl(details.url, 'Electron window');
    callback({ cancel: !local });
  });
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Gyre',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isOwnUrl(url)) e.preventDefault();
  });
  // Nothing opens a window, inside Gyre or in the user's browser: Gyre has no links out.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadFile(RENDERER_ENTRY);
  return win;
}
