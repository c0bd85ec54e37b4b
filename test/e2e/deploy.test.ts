/**
 * The Deploy stage end to end in Debian's Chromium: a model version made with the real CLI (trained, evaluated,
 * registered) is exported as a bundle from the page, verified, and listed; a bundle altered afterwards fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, openStage, seedChurnModel, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 60_000,
    seed: (s) => {
      studio = s;
      seedChurnModel(studio);
    },
  });
  ({ studio, page, shot } = session);
}, 180_000);

afterAll(() => session?.close());

describe('Deploy stage, end to end', () => {
  it('exports a model version as a zip bundle, verifies it, lists it; an altered copy fails verification', async () => {
    await openStage(page, studio, 'Churn', 7, /\/deploy$/);
    await page.getByRole('table', { name: 'Model versions to export' }).getByRole('button', { name: 'Export bundle…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export churn@1 as a bundle' });
    const out = join(studio.workspace, '..', 'churn-1.zip');
    await dialog.getByRole('textbox', { name: 'Write it to' }).fill(out);
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByTestId('bundle-result').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Verify it' }).click();
    await dialog.getByText(/All \d+ files match MANIFEST.json/).waitFor();
    await shot('70-deploy-export');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const exported = page.getByRole('table', { name: 'Exported bundles' });
    await exported.getByText(out).waitFor();
    await page.getByText('1 bundle exported.').waitFor();
    const files = Object.keys(unzipSync(readFileSync(out)));
    for (const f of ['model.onnx', 'model.json', 'schema.json', 'reference-profile.json', 'metrics.json', 'model-card.md', 'MANIFEST.json']) expect(files).toContain(f);

    // A copy with one byte changed in model.json fails, and says which file.
    const entries = unzipSync(readFileSync(out));
    entries['model.json']![10]! ^= 0x01;
    const tampered = join(studio.workspace, '..', 'tampered.zip');
    writeFileSync(tampered, zipSync(entries));
    await page.getByRole('textbox', { name: 'Bundle folder or .zip' }).fill(tampered);
    await page.getByRole('region', { name: 'Verify a bundle' }).getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByTestId('verify-problems').innerText()).toContain('model.json: altered');
    await shot('71-deploy-verify-tampered');
  });

  it('scores a dataset version with a model version into a new dataset version, linked on the Data stage', async () => {
    await page.getByRole('table', { name: 'Model versions to export' }).getByRole('button', { name: 'Score a dataset…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Score a dataset with churn@1' });
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Save the scored rows as' }).inputValue()).toBe('customers-scored-churn-v1');
    await dialog.getByRole('button', { name: 'Start' }).click();
    const result = dialog.getByTestId('predict-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toContain('customers-scored-churn-v1 v1: 300 rows with predicted_label, probability_false, probability_true appended.');

    // The scored rows are downloadable as CSV where they were made: the default path is the workspace's exports/ folder.
    const csvPath = join(studio.workspace, 'exports', 'customers-scored-churn-v1-v1.csv');
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Write it to' }).inputValue()).toBe(csvPath);
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByTestId('export-result').waitFor({ timeout: 60_000 });
    await shot('72-deploy-batch-predict');
    const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines[0]).toBe('customer_id,age,monthly_spend,city,plan,signup_date,churned,predicted_label,probability_false,probability_true');

    await result.getByRole('link', { name: 'Open it on the Data stage' }).click();
    await page.waitForURL(/\/data\/ds_[^/]+$/);
    await page.getByText('customers-scored-churn-v1').first().waitFor();

    // Any version can be exported from the Data stage too: as Parquet here.
    await page.getByRole('button', { name: 'Export version 1' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export customers-scored-churn-v1 v1' });
    await exportDialog.getByText('Parquet', { exact: true }).click();
    const parquetPath = join(studio.workspace, 'exports', 'customers-scored-churn-v1-v1.parquet');
    await expect.poll(() => exportDialog.getByRole('textbox', { name: 'Write it to' }).inputValue()).toBe(parquetPath);
    await exportDialog.getByRole('button', { name: 'Export' }).click();
    await exportDialog.getByTestId('export-result').waitFor({ timeout: 60_000 });
    expect(readFileSync(parquetPath).subarray(0, 4).toString('latin1')).toBe('PAR1');
    await shot('75-data-export-version');
  });

  it('scores a file chosen in the dialog: imported first, then scored into a new dataset version', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+7');
    await page.waitForURL(/\/deploy$/);
    await page.getByRole('table', { name: 'Model versions to export' }).getByRole('button', { name: 'Score a dataset…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Score a dataset with churn@1' });
    await dialog.getByText('A file', { exact: true }).click();
    const lines = readFileSync(join(FIXTURES, 'data/customers.csv'), 'utf8').trim().split('\n');
    const file = join(studio.workspace, '..', 'next-month.csv');
    writeFileSync(file, lines.slice(0, 26).join('\n'));
    await dialog.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => dialog.getByTestId('predict-file').innerText()).toBe('next-month.csv');
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Save the scored rows as' }).inputValue()).toBe('next-month-scored-churn-v1');
    await dialog.getByRole('button', { name: 'Start' }).click();
    const result = dialog.getByTestId('predict-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toContain('next-month-scored-churn-v1 v1: 25 rows with predicted_label, probability_false, probability_true appended.');
  });
});
