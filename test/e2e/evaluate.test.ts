/**
 * The Evaluate stage end to end in Debian's Chromium: a run trained with the real CLI is evaluated from its drawer
 * on the Train page; the report opens on the Evaluate page — the success gate, intervals, the threshold explorer,
 * the worst rows with one prediction explained, and fairness across the charter's sensitive attribute.
 */
import { readFileSync } from 'node:fs';
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
      gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8', '--criterion', 'p95_latency_ms<=50:5', '--sensitive', 'plan:0.3');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
      gyre('train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'baseline,gbdt');
    },
  });
  ({ studio, page, shot } = session);
}, 120_000);

afterAll(() => session?.close());

describe('Evaluate stage, end to end', () => {
  it('evaluates a run from its drawer and opens the report at the success gate', async () => {
    await openStage(page, studio, 'Churn', 5, /\/train$/);
    await page.getByRole('table', { name: 'Leaderboard' }).getByText('Boosted trees').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.waitForURL(/\/evaluate$/);
    const gate = page.getByTestId('evaluation-gate');
    await gate.waitFor({ timeout: 60_000 });
    expect(await gate.innerText()).toMatch(/ROC AUC/);
    expect(await gate.innerText()).toMatch(/p95 latency/);
    expect(await page.getByText(/held-out test rows of customers v1/).count()).toBeGreaterThan(0);
    // The stage's state follows: one evaluation, and it passes the gate.
    await page.getByText('1 evaluation; 1 passes the success gate.').waitFor();
    await shot('60-evaluate-gate');
  });

  it('moves the decision threshold and shows what changes', async () => {
    const slider = page.getByTestId('threshold-slider');
    await slider.scrollIntoViewIfNeeded();
    const explorer = page.getByRole('region', { name: /Threshold/ });
    const before = await explorer.innerText();
    await slider.getByRole('slider').focus();
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => explorer.innerText()).not.toBe(before);
    await explorer.getByRole('button', { name: /Best F1/ }).click();
    await shot('61-evaluate-threshold');
  });

  it('lists the worst rows and explains one prediction', async () => {
    const worst = page.getByTestId('worst-rows');
    await worst.scrollIntoViewIfNeeded();
    expect(await worst.locator('tbody tr').count()).toBeGreaterThan(5);
    await worst.getByRole('button', { name: /Explain/ }).first().click();
    await expect.poll(() => page.getByText(/contribution/i).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('62-evaluate-explain-row');
    await page.keyboard.press('Escape');
    // Any row can be explained by its number; a row past the end says so.
    const any = page.getByRole('textbox', { name: 'Explain another row' });
    await any.fill('3');
    await any.locator('xpath=../../..').getByRole('button', { name: 'Explain', exact: true }).click();
    await page.getByRole('dialog', { name: 'Row 3' }).getByText(/contribution/i).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await any.fill('100000');
    await any.locator('xpath=../../..').getByRole('button', { name: 'Explain', exact: true }).click();
    await page.getByRole('dialog', { name: 'Row 100000' }).getByText(/past the end of this dataset version/).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });

  it('shows fairness across the charter’s sensitive attribute, and the explanations', async () => {
    const fairness = page.getByTestId('fairness-plan');
    await fairness.scrollIntoViewIfNeeded();
    const text = await fairness.innerText();
    for (const group of ['basic', 'pro']) expect(text).toContain(group);
    await shot('63-evaluate-fairness');
    await page.getByTestId('importance-chart').scrollIntoViewIfNeeded();
    await shot('64-evaluate-explanations');
  });

  it('registers the run as a model version, saves its threshold, and promotes it to production behind the gate', async () => {
    await page.getByRole('button', { name: 'Register as a model version…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register as a model version' });
    await dialog.getByLabel('Model name').fill('churn');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('First boosted model');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.getByLabel('Model registry').getByText('churn@1 · candidate').waitFor();
    // The threshold chosen in the explorer is kept with the version.
    await page.getByRole('region', { name: /Threshold/ }).getByRole('button', { name: 'Save threshold…' }).click();
    await page.getByRole('menuitem', { name: /churn@1/ }).click();
    await page.getByText(/churn@1 now predicts positive at a score of/).waitFor();

    await page.getByRole('tab', { name: 'Model registry' }).click();
    const row = page.getByTestId('version-churn@1');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/candidate[\s\S]*passes the gate/i);
    await page.getByRole('button', { name: 'Change stage…' }).click();
    const promote = page.getByRole('dialog', { name: 'Change the stage of churn@1' });
    await promote.getByRole('combobox', { name: 'Move to' }).click();
    await page.getByRole('option', { name: /^production/ }).click();
    await promote.getByText('The success gate passes').waitFor();
    await promote.getByRole('textbox', { name: 'Why' }).fill('Meets the charter on held-out rows');
    await promote.getByRole('button', { name: 'Move to production' }).click();
    await expect.poll(() => row.innerText()).toMatch(/production/i);
    const history = page.getByTestId('model-history');
    await expect.poll(() => history.innerText()).toMatch(/candidate → production/);
    expect(await history.innerText()).toMatch(/decision threshold 0\.\d+/);
    expect(await history.innerText()).toContain('Meets the charter on held-out rows');
    await page.getByRole('img', { name: /Lineage of churn@1: Charter v1, customers v1, stratified split/ }).waitFor();
    await shot('65-evaluate-registry');
  });

  it('shows the version’s model card, keeps an edited section, and downloads it as Markdown', async () => {
    const card = page.getByTestId('model-card');
    await card.scrollIntoViewIfNeeded();
    expect(await card.getByTestId('card-section-intended-use').innerText()).toContain('Customers leave without warning.');
    expect(await card.getByTestId('card-section-performance').innerText()).toMatch(/ROC AUC/);
    // The identifier was never a feature: it is listed as left out, not used.
    expect(await card.getByTestId('card-section-training-data').innerText()).toMatch(/Columns left out[\s\S]*customer_id\s+an identifier: never a feature/);
    const limits = card.getByTestId('card-section-limitations');
    await limits.getByRole('button', { name: 'Edit' }).click();
    await limits.getByRole('textbox', { name: 'Limitations text' }).fill('Only checked on customers of the Portuguese cities in the sample.');
    await limits.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => limits.innerText()).toContain('Only checked on customers of the Portuguese cities in the sample.');
    await shot('66-evaluate-model-card');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download Markdown' }).click()]);
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toContain('Only checked on customers of the Portuguese cities in the sample.');
    expect(markdown).toMatch(/^# /m);
  });

  it('imports an ONNX model trained elsewhere: reads it, proposes the mapping, and scores it as a run', async () => {
    await page.getByRole('tab', { name: /Evaluation reports/ }).click();
    await page.getByRole('button', { name: 'Import an ONNX model…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import an ONNX model' });
    await page.locator('input[type=file][accept=".onnx"]').setInputFiles(`${FIXTURES}ml/external/logistic.onnx`);
    const inputs = dialog.getByRole('table', { name: 'Model inputs' });
    await inputs.waitFor({ timeout: 30_000 });
    // One 2-D input over the numeric columns, proposed in order; the classes from the file's own metadata.
    expect(await dialog.getByRole('combobox', { name: 'Column 1 of float_input' }).inputValue()).toBe('age');
    expect(await dialog.getByRole('combobox', { name: 'Column 2 of float_input' }).inputValue()).toBe('monthly_spend');
    await shot('67-evaluate-import-model');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await page.keyboard.press('Alt+5');
    await page.waitForURL(/\/train$/);
    await page.getByRole('table', { name: 'Leaderboard' }).getByText('Imported', { exact: true }).waitFor({ timeout: 60_000 });
  });
});
