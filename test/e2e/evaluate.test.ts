/**
 * The Evaluate stage end to end in Debian's Chromium: a run trained with the real CLI is evaluated from its drawer
 * on the Train page; the report opens on the Evaluate page — the success gate, intervals, the threshold explorer,
 * the worst rows with one prediction explained, and fairness across the charter's sensitive attribute.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gyreCli, openSession, type Session, type Studio } from './harness';

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
    await page.goto(studio.url);
    await page.getByRole('button', { name: 'Open Churn' }).click();
    await page.waitForURL(/\/plan$/);
    await page.keyboard.press('Alt+5');
    await page.waitForURL(/\/train$/);
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
});
