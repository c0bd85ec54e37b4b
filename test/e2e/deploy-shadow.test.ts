/**
 * Shadow validation end to end in Debian's Chromium: two versions made with the real CLI are compared on a dataset
 * version from the Deploy page; the report shows agreement, both prediction distributions and both accuracies.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gyreCli, openSession, openStage, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const gyre = (...args: string[]) => gyreCli(studio, ...args);

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 60_000,
    seed: (s) => {
      studio = s;
      gyre('project', 'create', '--name', 'Churn');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
      const runs = JSON.parse(gyre('train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt,linear', '--json')) as { id: string; model: string }[];
      gyre('registry', 'register', runs.find((r) => r.model === 'gbdt')!.id, '--name', 'churn');
      gyre('registry', 'register', runs.find((r) => r.model === 'linear')!.id, '--name', 'churn');
    },
  });
  ({ studio, page, shot } = session);
}, 180_000);

afterAll(() => session?.close());

describe('Shadow validation, end to end', () => {
  it('compares a candidate with production on a dataset version and shows the report', async () => {
    await openStage(page, studio, 'Churn', 7, /\/deploy$/);
    const panel = page.getByRole('region', { name: 'Shadow validation' });
    await panel.getByRole('button', { name: 'Compare a candidate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare a candidate with production' });
    await dialog.getByRole('combobox', { name: 'Production' }).click();
    await page.getByRole('option', { name: /^churn@1/ }).click();
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Candidate' }).inputValue()).toMatch(/^churn@2/);
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Dataset' }).inputValue()).toBe('customers');
    await dialog.getByRole('button', { name: 'Compare' }).click();

    const report = panel.getByTestId('shadow-report');
    await report.waitFor({ timeout: 60_000 });
    await expect.poll(() => report.innerText()).toContain('Both models scored the same 300 rows of customers v1 (300 rows)');
    expect(await report.innerText()).toMatch(/AGREEMENT\s+\d+\.\d%\s+\d+ of 300 rows: the same predicted label/i);
    const metrics = report.getByRole('table', { name: 'Metrics of both models' });
    expect(await metrics.innerText()).toMatch(/Accuracy\s+\d+\.\d%\s+\d+\.\d%/);
    await report.getByRole('img', { name: 'Prediction distributions of production and the candidate' }).waitFor();
    expect(await panel.getByRole('table', { name: 'Shadow reports' }).innerText()).toContain('churn@2');
    await shot('76-deploy-shadow');
  });
});
