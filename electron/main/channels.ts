/** The two IPC channels behind window.gyre; only the preload and the main bridge use them. */
export const CALL_CHANNEL = 'gyre:call';
export const EVENT_CHANNEL = 'gyre:event';
