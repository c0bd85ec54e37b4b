/**
 * The sandboxed preload: exposes window.gyre with one named function per contract procedure, generated
 * from the contract's list, and event subscription. There is no raw channel for the page to misuse.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { PROCEDURE_NAMES, splitProcedureName, type EventName, type GyreBridge } from '../contract/index';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../main/channels';

const bridge: Record<string, unknown> = {};
for (const name of PROCEDURE_NAMES) {
  const [ns, method] = splitProcedureName(name);
  const group = (bridge[ns] ??= {}) as Record<string, unknown>;
  group[method] = (input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, name, input);
}
bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
  const wrapped = (_e: IpcRendererEvent, name: EventName, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
};

bridge.pathForFile = (file: File) => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('gyre', bridge as GyreBridge);
