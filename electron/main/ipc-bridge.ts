/** Routes window.gyre calls to the dispatcher and broadcasts `changed` events to every window. */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { EventName, GyreEvents, Handlers } from '../contract/index';
import { dispatch } from '../core/dispatch';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

export function installIpcBridge(handlers: Handlers, isOwnFrame: (url: string) => boolean): void {
  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isOwnFrame(frameUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from Gyre’s own window.' } };
    }
    const { envelope, touched } = await dispatch(handlers, String(name), input);
    if (touched.length > 0) broadcast('changed', { entities: [...touched] });
    return envelope;
  });
}

export function broadcast<E extends EventName>(event: E, payload: GyreEvents[E]): void {
  for (const win of BrowserWindow.getAllWindows()) win.webContents.send(EVENT_CHANNEL, event, payload);
}
