/** On start, `#/` reopens the project that was open last time on its overview; any other address is left as it is. */
import { call } from '../api/client';
import { HOME_PATH, overviewPath } from './paths';

export async function reopenLastProject(): Promise<void> {
  const current = window.location.hash.replace(/^#/, '') || HOME_PATH;
  if (current !== HOME_PATH) return;
  try {
    const last = await call('projects.lastOpened', {});
    if (last) window.location.replace(`#${overviewPath(last.id)}`);
  } catch (error) {
    // The home page loads the same data and shows the error where the user can act on it.
    console.warn('[gyre] could not find the last opened project:', error);
  }
}
