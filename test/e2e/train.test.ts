/**
 * The Train stage end to end in Debian's Chromium: a charter and a dataset made with the real CLI, the train wizard
 * prefilled from the charter, a training job watched from the page, then the leaderboard (sorted, the charter's
 * criteria as columns) and a run's drawer with its learning curves and tags.
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
    timeoutMs: 30_000,
    seed: (s) => {
      studio = s;
      gyre('project', 'create', '--name', 'Churn');
      gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.5:0.8', '--criterion', 'p95_latency_ms<=50:5');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
    },
  });
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

const rows = () => page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr');

describe('Train stage, end to end', () => {
  it('explains baselines first, and opens the wizard prefilled from the charter', async () => {
    await openStage(page, studio, 'Churn', 5, /\/train$/);
    await page.getByText('No runs yet.').waitFor();
    await page.getByRole('button', { name: 'Train models…' }).first().click();
    const wizard = page.getByRole('dialog', { name: 'Train models' });
    await expect.poll(() => wizard.getByRole('combobox', { name: 'Target' }).inputValue()).toBe('churned');
    expect(await wizard.getByRole('combobox', { name: 'Dataset' }).inputValue()).toBe('customers');
    // The baseline and the linear model always run; boosted trees are chosen by default.
    expect(await wizard.getByRole('checkbox', { name: /^Baseline/ }).isChecked()).toBe(true);
    expect(await wizard.getByRole('checkbox', { name: /^Baseline/ }).isDisabled()).toBe(true);
    expect(await wizard.getByRole('checkbox', { name: /^Boosted trees/ }).isChecked()).toBe(true);
    await expect.poll(() => wizard.innerText()).toMatch(/columns become features/);
    expect(await wizard.innerText()).toMatch(/Left out: “customer_id” \(identifiers\)/);
    await wizard.getByRole('checkbox', { name: /^Neural network/ }).check();
    await shot('50-train-wizard');
    // The column table: leaving a column out shows in the summary; identifiers cannot be used.
    await wizard.getByRole('button', { name: /^Columns: which are features/ }).click();
    expect(await wizard.getByRole('checkbox', { name: 'Use customer_id' }).isDisabled()).toBe(true);
    await wizard.getByRole('checkbox', { name: 'Use city' }).uncheck();
    await expect.poll(() => wizard.innerText()).toMatch(/4 of 6 columns become features \(1 left out by you\)/);
    await wizard.getByRole('combobox', { name: 'Scale of age' }).waitFor();
    await shot('50b-train-wizard-columns');
    await wizard.getByRole('checkbox', { name: 'Use city' }).check();
    await expect.poll(() => wizard.innerText()).toMatch(/5 of 6 columns become features/);
  });

  it('trains as a job with progress on the page, then lists every run on the leaderboard', async () => {
    const wizard = page.getByRole('dialog', { name: 'Train models' });
    await wizard.getByRole('button', { name: 'Start training' }).click();
    await wizard.waitFor({ state: 'hidden' });
    await expect.poll(() => rows().count(), { timeout: 60_000 }).toBe(4);
    const table = page.getByRole('table', { name: 'Leaderboard' });
    // The charter's criteria are columns, judged per run.
    await table.getByRole('button', { name: 'Sort by ROC AUC ≥ 0.5' }).waitFor();
    expect(await table.getByLabel(/^p95 latency: (meets the target|acceptable, short of the target)$/).count()).toBe(4);
    expect(await table.innerText()).toMatch(/Baseline\s*reference/i);
    await shot('51-train-leaderboard');
  });

  it('sorts by a column, best first, then worst first', async () => {
    const table = page.getByRole('table', { name: 'Leaderboard' });
    await table.getByRole('button', { name: 'Sort by Log loss' }).click();
    const logLoss = async () => {
      const header = await table.locator('thead th').allInnerTexts();
      const at = header.findIndex((h) => h.startsWith('Log loss'));
      return (await rows().allInnerTexts()).map((r) => Number(r.split('\t')[at]));
    };
    const ascending = await logLoss();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await table.getByRole('button', { name: 'Sort by Log loss' }).click();
    const descending = await logLoss();
    expect(descending).toEqual([...ascending].reverse());
  });

  it('filters the runs by a search line and by model', async () => {
    await page.getByRole('textbox', { name: 'Search runs' }).fill('rocAuc>0.6');
    await expect.poll(() => rows().allInnerTexts()).toEqual([expect.stringMatching(/^\s*Boosted trees/)]);
    await expect.poll(() => page.getByText(/^1 of 4 runs/).count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(4);
  });

  it("opens a run: its criteria, learning curves and cost; a tag added there shows on the leaderboard", async () => {
    await rows().filter({ hasText: 'Boosted trees' }).click();
    const drawer = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    await drawer.getByRole('img', { name: /Learning curves of run_/ }).waitFor();
    expect(await drawer.getByRole('region', { name: 'Cost' }).innerText()).toMatch(/Latency, one row \(p50 \/ p95\)/);
    expect(await drawer.innerText()).toMatch(/ROC AUC \d\.\d{4}/);
    const tags = drawer.getByRole('textbox', { name: 'Tags' }).or(drawer.getByRole('combobox', { name: 'Tags' })).first();
    await tags.fill('first-try');
    await tags.press('Enter');
    await page.waitForTimeout(300); // let the drawer settle before the screenshot
    await shot('52-train-run');
    await tags.press('Escape'); // closes the tag suggestions first
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => rows().filter({ hasText: 'Boosted trees' }).innerText()).toMatch(/first-try/i);
  });

  it('compares two runs: metrics with the best marked, overlaid curves, settings that differ, and an HTML report', async () => {
    await page.getByRole('checkbox', { name: /^Compare run_/ }).first().waitFor();
    await rows().filter({ hasText: 'Boosted trees' }).getByRole('checkbox').check();
    await rows().filter({ hasText: 'Linear' }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Compare 2 runs' }).click();
    const modal = page.getByRole('dialog', { name: 'Compare 2 runs' });
    await modal.getByRole('img', { name: /^ROC curve of / }).waitFor();
    await modal.getByRole('img', { name: /^Calibration of / }).waitFor();
    expect(await modal.getByRole('table', { name: 'Compared metrics' }).innerText()).toMatch(/ROC AUC[\s\S]*★/);
    expect(await modal.getByRole('table', { name: 'Compared settings' }).locator('tr[data-differs]').count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await shot('53-train-compare');
    const [download] = await Promise.all([page.waitForEvent('download'), modal.getByRole('button', { name: 'Export as HTML' }).click()]);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^gyre-comparison-.+\.html$/);
    expect(html).toMatch(/<h1>Comparison of 2 runs<\/h1>/);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script|https?:\/\//);
    await page.keyboard.press('Escape');
  });

  it('re-runs a run from its recorded settings, and the new run says it reproduced every metric', async () => {
    await rows().filter({ hasText: 'first-try' }).click();
    const drawer = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    await drawer.getByRole('button', { name: 'Re-run' }).click();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => rows().count(), { timeout: 60_000 }).toBe(5);
    await rows().filter({ hasText: 'Boosted trees' }).filter({ hasNotText: 'first-try' }).click();
    const rerun = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    await expect.poll(() => rerun.getByRole('alert').first().innerText()).toMatch(/^Reproduced[\s\S]*all \d+ test metrics are identical/);
    await page.waitForTimeout(300);
    await shot('54-train-rerun');
    await page.keyboard.press('Escape');
    await rerun.waitFor({ state: 'hidden' });
  });

  it('tunes a trained model from its drawer, and reads the study: trials, charts, the best configuration', async () => {
    await rows().filter({ hasText: 'first-try' }).click();
    const drawer = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    await drawer.getByRole('button', { name: 'Tune…' }).click();
    const tune = page.getByRole('dialog', { name: 'Tune Boosted trees' });
    await tune.getByRole('table', { name: 'Search space' }).waitFor();
    expect(await tune.getByRole('textbox', { name: 'Learning rate from' }).inputValue()).toBe('0.01');
    await tune.getByRole('textbox', { name: 'Configurations' }).fill('9');
    await shot('55-train-tune');
    await tune.getByRole('button', { name: 'Start tuning' }).click();
    await tune.waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    const studies = page.getByRole('table', { name: 'Tuning studies' });
    await expect.poll(() => studies.innerText(), { timeout: 90_000 }).toMatch(/Boosted trees\s+Successive halving\s+Log loss\s+\d+\s+succeeded/);
    await studies.locator('tbody tr').first().click();
    const view = page.getByRole('dialog', { name: /^Study: tuning Boosted trees/ });
    await view.getByRole('img', { name: /Log loss of each trial/ }).waitFor();
    await view.getByRole('img', { name: 'Hyperparameter importance' }).waitFor();
    expect(await view.getByRole('table', { name: 'Trials' }).locator('tr[data-best]').count()).toBe(1);
    await page.waitForTimeout(300);
    await shot('56-train-study');
    await view.getByRole('button', { name: /Open the best configuration/ }).click();
    await page.getByRole('dialog', { name: /Gradient-boosted trees/ }).getByRole('region', { name: 'Cost' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows Train as under way in the rail, and logged no unexpected errors', async () => {
    const rail = page.getByRole('navigation', { name: 'Lifecycle stages' });
    await expect.poll(() => rail.getByRole('link', { name: /^Train/ }).innerText()).toMatch(/In progress|Done/);
    expect(session.consoleErrors).toEqual([]);
  });
});
