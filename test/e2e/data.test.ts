/**
 * The Data stage through every layer: a file dropped on the window is uploaded to the browser host, previewed
 * in a worker, imported as a job, and browsed in the grid — on a fresh workspace, in Debian's Chromium.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession({
    // A refused preview answers 422 with its sentence in the body; Chromium logs every non-2xx response.
    expectedConsole: /Failed to load resource.*422/,
  });
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

/** Drops a file on the window the way a file manager does. */
async function dropFile(path: string, name: string): Promise<void> {
  const text = readFileSync(path, 'utf8');
  // Runs in the page, where DataTransfer and File exist.
  const transfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'text/csv' })); return dt; })()`,
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}

describe('Data stage, end to end', () => {
  it('opens a project on the Data stage, which teaches what a dataset version is', async () => {
    await page.goto(studio.url);
    await page.getByRole('button', { name: 'Create your first project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Project name').fill('Churn');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/plan$/);
    await page.keyboard.press('Alt+2');
    await page.waitForURL(/\/data$/);
    await page.getByRole('button', { name: 'Import data' }).first().waitFor();
    await shot('30-data-empty');
  });

  it('previews a dropped CSV with inferred types, takes a changed type, and imports it as version 1', async () => {
    await dropFile(`${FIXTURES}data/customers.csv`, 'customers.csv');
    const wizard = page.getByRole('dialog', { name: 'Import customers.csv' });
    await wizard.getByRole('combobox', { name: 'Type of age' }).waitFor();
    expect(await wizard.getByRole('combobox', { name: 'Type of monthly_spend' }).inputValue()).toBe('Float');
    expect(await wizard.getByRole('combobox', { name: 'Type of signup_date' }).inputValue()).toBe('Date/time');
    await wizard.getByRole('combobox', { name: 'Type of plan' }).click();
    await page.getByRole('option', { name: 'Text', exact: true }).click();
    expect(await wizard.getByLabel('Dataset name').inputValue()).toBe('customers');
    await shot('31-import-wizard');
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('dataset-row-customers').waitFor();
    await expect.poll(() => page.getByTestId('dataset-row-customers').innerText()).toMatch(/300/);
    const { spawnSync } = await import('node:child_process');
    const shown = spawnSync(process.execPath, ['bin/gyre.mjs', '--workspace', studio.workspace, 'dataset', 'show', 'customers', '--project', 'Churn', '--json'], { encoding: 'utf8' });
    const columns = JSON.parse(shown.stdout).versions[0].columns as { name: string; semanticType: string }[];
    expect(columns.find((c) => c.name === 'plan')?.semanticType).toBe('text');
  });

  it('browses the version in the grid: all rows counted, sorted by a column, missing values marked', async () => {
    await page.getByTestId('dataset-row-customers').click();
    const grid = page.getByRole('grid');
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('301');
    await expect.poll(() => grid.getByText('missing', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Sort by age' }).click();
    await page.getByRole('button', { name: 'Sort by age' }).click();
    await expect.poll(() => page.getByRole('columnheader').filter({ has: page.getByRole('button', { name: 'Sort by age' }) }).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => page.getByTestId('grid-row-count').innerText()).toMatch(/300 rows/);
    await shot('32-data-grid');
  });

  it('shows the parser\'s sentence for a ragged file, and previews it once bad rows are skipped', async () => {
    await page.getByLabel('Choose a file to import').setInputFiles(`${FIXTURES}bad/data/ragged.csv`);
    const wizard = page.getByRole('dialog', { name: 'Import ragged.csv' });
    await expect.poll(() => wizard.getByRole('alert').innerText()).toMatch(/ragged\.csv, line 3: rows do not all have 3 fields \(lines 3, 5\)/);
    await shot('33-import-error');
    await wizard.getByRole('switch', { name: 'Skip bad rows' }).check({ force: true });
    await wizard.getByRole('combobox', { name: 'Type of a' }).waitFor();
    await wizard.getByRole('button', { name: 'Close' }).click();
  });

  it('joins a second dataset on its key into a new dataset whose lineage names both', async () => {
    await page.getByRole('link', { name: /All datasets/ }).click();
    await page.getByLabel('Choose a file to import').setInputFiles(`${FIXTURES}data/customer-segments.csv`);
    const wizard = page.getByRole('dialog', { name: 'Import customer-segments.csv' });
    await wizard.getByRole('combobox', { name: 'Type of segment' }).waitFor();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('dataset-row-customer-segments').waitFor();
    await page.getByRole('button', { name: 'Combine…' }).click();
    const modal = page.getByRole('dialog', { name: 'Combine datasets' });
    await modal.getByText('Join on keys').click();
    await modal.getByRole('combobox', { name: 'Left dataset' }).click();
    await page.getByRole('option', { name: /^customers v1/ }).click();
    await modal.getByRole('combobox', { name: 'Right dataset' }).click();
    await page.getByRole('option', { name: /^customer-segments v1/ }).click();
    await modal.getByRole('combobox', { name: 'Key columns' }).click();
    await page.getByRole('option', { name: 'customer_id', exact: true }).click();
    await modal.getByRole('textbox', { name: 'New dataset name' }).fill('customers with segments');
    await shot('35-combine');
    await modal.getByRole('button', { name: 'Combine', exact: true }).click();
    await page.getByTestId('dataset-row-customers with segments').waitFor();
    await page.getByTestId('dataset-row-customers with segments').click();
    await expect.poll(() => page.getByRole('table', { name: 'Versions' }).innerText()).toMatch(/inner join on customer_id/);
    await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe('301');
  });

  it('lists the finished import in the Jobs panel', async () => {
    await page.getByRole('button', { name: 'Jobs' }).click();
    const drawer = page.getByRole('dialog', { name: 'Jobs' });
    await expect.poll(() => drawer.innerText()).toMatch(/Import customers\.csv/);
    expect(Number(await drawer.getByLabel('Jobs at once').inputValue())).toBeGreaterThanOrEqual(1);
    // Where onnxruntime runs: a workspace setting, saved through the core and read back.
    const compute = drawer.getByRole('combobox', { name: 'Train and score on' });
    expect(await compute.inputValue()).toBe('Automatic (CUDA when installed, else CPU)');
    await compute.click();
    await page.getByRole('option', { name: 'CPU', exact: true }).click();
    await expect.poll(() => compute.inputValue()).toBe('CPU');
    await expect.poll(() => drawer.innerText()).toMatch(/Always there: every core of this machine\./);
    await page.waitForTimeout(400); // let the drawer finish sliding in before the screenshot
    await shot('34-jobs-panel');
    await page.keyboard.press('Escape');
  });

  it('says so when a column is stored as text because a value past the sampled rows broke its type', async () => {
    await page.getByRole('link', { name: /All datasets/ }).click();
    const lines = ['order_id,code'];
    for (let i = 0; i < 25_000; i++) lines.push(`${i},${i === 22_000 ? 'A-17' : i * 3}`);
    const file = join(mkdtempSync(join(tmpdir(), 'gyre-e2e-')), 'orders.csv');
    writeFileSync(file, lines.join('\n'));
    await page.getByLabel('Choose a file to import').setInputFiles(file);
    const wizard = page.getByRole('dialog', { name: 'Import orders.csv' });
    await wizard.getByRole('combobox', { name: 'Type of code' }).waitFor();
    await wizard.getByRole('button', { name: 'Import', exact: true }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Import finished, with changes' });
    await expect.poll(() => notice.innerText()).toMatch(/25,000 rows\. Column "code" looked like integer in the first rows, but line 22002 holds a value that is not; it was imported as text\./);
    await shot('36-import-warning');
    await notice.getByRole('button').click();
  });

  it('logged no unexpected errors in the page', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
