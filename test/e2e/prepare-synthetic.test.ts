/**
 * Synthetic data end to end in Debian's Chromium: from the Prepare stage, 1,000 rows are generated from the customers
 * fixture as a job, and the quality report shows the verdict, each column real against synthetic, both association
 * maps, the classifier's AUC and the privacy checks.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gyreCli, openSession, openStage, type Session, type Studio } from './harness';

const CUSTOMERS = fileURLToPath(new URL('../fixtures/data/customers.csv', import.meta.url));

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 20_000,
    seed: (s) => {
      gyreCli(s, 'project', 'create', '--name', 'Churn');
      gyreCli(s, 'import', CUSTOMERS, '--project', 'Churn');
    },
  });
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

describe('Prepare stage: synthetic data, end to end', () => {
  it('says what happens to each column before generating', async () => {
    await openStage(page, studio, 'Churn', 4, /\/prepare$/);
    await page.getByRole('tab', { name: 'Synthetic data' }).click();
    const form = page.getByRole('region', { name: 'Generate synthetic data' });
    await expect.poll(() => form.getByRole('combobox', { name: 'Learn from dataset' }).inputValue()).toBe('customers');
    await expect.poll(() => form.getByTestId('synthetic-plan').innerText()).toBe('Learns from 6 columns: age, monthly_spend, city, plan, signup_date, churned. New identifiers in customer_id.');
    await form.getByRole('textbox', { name: 'Rows to generate' }).fill('1000');
    await form.getByRole('textbox', { name: 'Seed' }).fill('7');
    await shot('46-prepare-synthetic-form');
  });

  it('generates the rows as a job and shows the quality report', async () => {
    const form = page.getByRole('region', { name: 'Generate synthetic data' });
    await form.getByRole('button', { name: 'Generate' }).click();
    const report = page.getByTestId('synthetic-report');
    await report.waitFor({ timeout: 90_000 });
    const verdict = report.getByTestId('synthetic-verdict');
    expect(await verdict.innerText()).toMatch(/^(Good|Fair|Poor): /);
    expect(await verdict.innerText()).toContain('No synthetic row equals a real row (every row checked against all 300 real rows on the 6 generated columns).');
    expect(await report.innerText()).toContain('1,000 rows generated from customers v1 (300 real rows) with seed 7, kept as customers-synthetic v1.');

    const columns = report.getByRole('table', { name: 'Column distances' });
    expect(await columns.innerText()).toMatch(/monthly_spend\s+Distribution from \d+ quantiles, within the real minimum and maximum, rounded to 2 decimals; 5\.0% missing, as in the real rows\.\s+KS\s+0\.\d{3}/);
    expect(await columns.innerText()).toMatch(/customer_id\s+An identifier: new values are generated, never the real ones\.\s+new values/);
    await report.getByRole('img', { name: 'Real and synthetic distribution of monthly_spend' }).waitFor();
    await report.getByRole('img', { name: 'Real and synthetic distribution of city' }).waitFor();
    await report.getByRole('img', { name: 'Associations between columns in the real rows' }).waitFor();
    await report.getByRole('img', { name: 'Associations between columns in the synthetic rows' }).waitFor();
    expect(await report.innerText()).toMatch(/CLASSIFIER ROC AUC\s+0\.\d\d/i);
    expect(await page.getByRole('table', { name: 'Synthetic versions' }).innerText()).toMatch(/customers-synthetic v1\s+customers v1\s+1,000\s+7\s+(Good|Fair|Poor)\s+0\.\d\d\s+0\.\d{3}/i);
    await shot('46b-prepare-synthetic-report');
  });

  it('shows the privacy checks: no copies, and distances to the closest real row', async () => {
    const privacy = page.getByRole('region', { name: 'Privacy checks' });
    expect(await privacy.innerText()).toMatch(/EXACT COPIES OF REAL ROWS\s+0\s+every row checked against all 300 real rows on 6 columns/i);
    await privacy.getByRole('img', { name: 'Distances to the closest real row, synthetic and held-out real' }).scrollIntoViewIfNeeded();
    await shot('46c-prepare-synthetic-privacy');
    expect(session.consoleErrors).toEqual([]);
  });
});
