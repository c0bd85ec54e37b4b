/**
 * Settings → Network in the browser studio: the answer to "what can Gyre connect to?" (none), what keeps each part
 * offline, the browser host's own 127.0.0.1 listener, and no refused attempts; the compute setting below it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session, type Studio } from './harness';

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession();
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

describe('Settings page', () => {
  it('says Gyre makes no outbound connections, shows how each part stays offline and what listens on this computer', async () => {
    await page.goto(`${studio.url}#/settings`);
    const network = page.getByRole('region', { name: 'Network' });
    await expect.poll(() => network.getByTestId('network-headline').innerText()).toBe('Outbound connections Gyre can make: none');

    const parts = network.getByRole('table', { name: 'Parts of Gyre and how each stays offline' });
    const names = await parts.locator('tbody tr td:first-child').allInnerTexts();
    expect(names).toEqual(['Desktop window (Electron)', 'Browser host (gyre web)', 'Command line (gyre)', 'Job workers', 'DuckDB', 'onnxruntime', 'Bundle export and local servers', 'Updates', 'Telemetry and crash reports']);
    expect(await parts.getByRole('row', { name: /^DuckDB/ }).innerText()).toMatch(/autoinstall_known_extensions=false.*autoload_known_extensions=false.*lock_configuration=true/s);
    expect(await parts.getByRole('row', { name: /^Desktop window/ }).innerText()).toContain("connect-src 'self'");

    const port = new URL(studio.url).port;
    const listeners = network.getByRole('table', { name: 'Local listeners' });
    expect(await listeners.locator('tbody td').allInnerTexts()).toEqual(['Browser host (gyre web)', `127.0.0.1:${port}`]);
    expect(await network.getByTestId('network-refused').innerText()).toBe('Refused attempts since start: 0');

    const compute = page.getByRole('region', { name: 'Compute' });
    await compute.getByRole('combobox', { name: 'Train and score on' }).waitFor();
    await shot('92-settings-network');
    expect(session.consoleErrors).toEqual([]);
  });
});
