/**
 * The recipe editor end to end: a step handed over from an Explore alert, steps added and edited with a live preview,
 * undo/redo, then "Save and apply" as a job making a new dataset version — in Debian's Chromium.
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
      gyreCli(s, 'profile', 'customers', '--project', 'Churn');
    },
  });
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

const steps = () => page.getByRole('button', { name: /^Step \d+: / });
const addStep = async (label: string) => {
  await page.getByRole('button', { name: 'Add step' }).click();
  await page.getByRole('menuitem', { name: label, exact: true }).click();
};

describe('Prepare stage: recipes, end to end', () => {
  it('takes a fix from an Explore alert as the first step of a recipe', async () => {
    await openStage(page, studio, 'Churn', 3, /\/explore$/);
    await page.getByRole('link', { name: 'Fix in Prepare: Drop “customer_id”' }).click();
    await page.waitForURL(/\/prepare$/);
    await expect.poll(() => steps().allInnerTexts()).toEqual([expect.stringContaining('Drop "customer_id"')]);
    await page.getByText('Removes “customer_id”.').waitFor();
  });

  it('previews a new step on the data: what it changes and the column before and after', async () => {
    await addStep('Fill missing values');
    await page.getByRole('heading', { name: 'Step 2: Fill missing values' }).waitFor();
    await page.getByRole('img', { name: 'age before and after step 2' }).waitFor();
    await page.getByText(/^Learned from these rows: age \d+/).waitFor();
  });

  it('edits a filter expression, shows the rows it keeps, and undoes and redoes the edit', async () => {
    await addStep('Filter rows');
    const expression = page.getByRole('textbox', { name: 'Keep rows where' });
    await expression.fill('monthly_spend > 50');
    await expression.press('Enter');
    await expect.poll(() => page.getByText(/^Rows 300 → /).innerText()).toMatch(/^Rows 300 → \d+ · \d+ rows removed/);
    await shot('45-prepare-recipe');

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => expression.inputValue()).not.toBe('monthly_spend > 50');
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => expression.inputValue()).toBe('monthly_spend > 50');

    await expression.fill('monthly_spend >');
    await expression.press('Enter');
    await page.getByText('This step cannot run').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => expression.inputValue()).toBe('monthly_spend > 50');
  });

  it('saves the recipe and applies it to every row as a job, with a report per step', async () => {
    await page.getByRole('textbox', { name: 'Name' }).fill('clean');
    await page.getByRole('button', { name: 'Save and apply…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply “clean” v1' });
    await dialog.getByRole('button', { name: 'Apply to every row' }).click();
    await dialog.getByText(/^Saved as customers-clean v1: \d+ rows$/).waitFor({ timeout: 60_000 });
    const report = dialog.getByRole('table', { name: 'What each step did' });
    await expect.poll(() => report.getByRole('row').count()).toBe(4);
    await shot('46-prepare-applied');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('table', { name: 'Recipe applications' }).getByRole('link', { name: 'customers-clean v1' }).waitFor();
    expect(session.consoleErrors).toEqual([]);
  });
});
