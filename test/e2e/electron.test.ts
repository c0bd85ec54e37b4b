/** The desktop window itself: runs only where an Electron runtime is installed, and says why it did not run otherwise. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const binary = electronBinary();
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY);
const reason = !binary
  ? 'no Electron runtime is installed here (its download needs internet access)'
  : !display
    ? 'no display ($DISPLAY is unset); run under xvfb-run to include them'
    : null;
if (reason) console.log(`[e2e] Skipping the desktop-window tests: ${reason}. The same renderer is tested through the browser host.`);

describe.runIf(reason === null)('desktop window', () => {
  it('opens locked down: no Node in the page, window.gyre with named functions only', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const workspace = join(mkdtempSync(join(tmpdir(), 'gyre-electron-')), 'ws');
    const app = await electron.launch({ executablePath: binary!, args: [root, '--workspace', workspace] });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      const facts = await page.evaluate(() => ({
        node: typeof (globalThis as { process?: unknown }).process,
        require: typeof (globalThis as { require?: unknown }).require,
        projects: Object.keys((globalThis as unknown as { gyre: Record<string, object> }).gyre.projects ?? {}),
        invoke: 'invoke' in (globalThis as unknown as { gyre: object }).gyre,
      }));
      expect(facts).toMatchObject({ node: 'undefined', require: 'undefined', invoke: false });
      expect(facts.projects).toContain('create');
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const wc = BrowserWindow.getAllWindows()[0]!.webContents;
        const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    } finally {
      await app.close();
    }
  });
});
