/**
 * Serving a bundle locally from the Deploy stage, in Debian's Chromium: a folder bundle exported with the real CLI is
 * started from the page on a free port, called 20 times over HTTP by the test, and the page's request count, curl
 * example and prediction log follow; then it is stopped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gyreCli, openSession, openStage, seedChurnModel, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const gyre = (...args: string[]) => gyreCli(studio, ...args);

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];
let bundleDir: string;

/** customers.csv as the JSON rows a client sends. */
function customerRows(): Record<string, unknown>[] {
  const [header, ...lines] = readFileSync(`${FIXTURES}data/customers.csv`, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split(',').map((c, i) => [names[i]!, c]));
    const num = (v: string | undefined) => (v === '' || v === undefined ? null : Number(v));
    return { age: num(cells.age), monthly_spend: num(cells.monthly_spend), city: cells.city, plan: cells.plan, signup_date: cells.signup_date };
  });
}

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 60_000,
    seed: (s) => {
      studio = s;
      seedChurnModel(studio);
      bundleDir = join(studio.workspace, '..', 'churn-1');
      gyre('bundle', 'churn@1', '--project', 'Churn', '--out', bundleDir);
    },
  });
  ({ studio, page, shot } = session);
}, 240_000);

afterAll(() => session?.close());

describe('Serve locally, end to end', () => {
  it('starts the bundle’s server from the page, counts the requests a client sends, shows a curl call, and stops it', async () => {
    await openStage(page, studio, 'Churn', 7, /\/deploy$/);
    const panel = page.getByRole('region', { name: 'Serve locally' });
    await panel.getByRole('combobox', { name: 'Bundle to serve' }).click();
    await page.getByRole('option', { name: /^churn@1 · folder/ }).click();
    await panel.getByRole('textbox', { name: 'Port' }).fill('0');
    await panel.getByRole('button', { name: 'Start' }).click();

    await panel.getByTestId('serve-url').waitFor({ timeout: 60_000 });
    const url = await panel.getByTestId('serve-url').innerText();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await panel.getByTestId('serve-state').textContent()).toBe('running');

    const rows = customerRows().slice(0, 20);
    for (const row of rows) {
      const res = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify(row), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
    }
    await expect.poll(() => panel.getByTestId('serve-requests').innerText(), { timeout: 10_000 }).toBe('20');
    const curl = await panel.getByTestId('serve-curl').innerText();
    expect(curl).toContain(`${url}/predict`);
    expect(curl).toContain("-H 'Content-Type: application/json'");
    expect(await panel.innerText()).toMatch(/Every prediction is appended to .*serving\/bdl_[0-9a-f]+\/predictions\.jsonl/);
    await panel.getByText(/Latency p50/).waitFor();
    await page.waitForTimeout(1200); // one more reading, so uptime and latency are settled in the picture
    await page.mouse.wheel(0, -10_000); // back to the top: the full-page picture then has the header where it belongs
    await shot('74-deploy-serve');

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => panel.getByTestId('serve-state').textContent()).toBe('stopped');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    // The log the Monitor stage reads: one line per row, written by the time the server stopped.
    const logPath = /appended to (\S+predictions\.jsonl)/.exec(await panel.innerText())![1]!;
    expect(readFileSync(logPath, 'utf8').trim().split('\n')).toHaveLength(20);
    expect(session.consoleErrors).toEqual([]);
  });
});
