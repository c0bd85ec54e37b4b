/**
 * The guided tour from a fresh workspace, end to end in Debian's Chromium: the first-start offer, then every step on the
 * sample project with a screenshot each — the panel (what, why, what now), the ring around the control to use, and the
 * step moving on by itself once the project's records show its work. The work is real and done where the ring points:
 * the sample file and the drifted batch from the panel's own buttons, the profile, the recipe from the alerts, training
 * on an out-of-time split, tuning, comparing, the evaluation, registering and promoting, the bundle, Try it and the next
 * iteration from their pages. Only the charter is written with the `gyre` command (its five-step wizard has its own
 * end-to-end test). Skip, back, pause and resume are used on the way.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOUR_STEPS } from '../../electron/contract/index';
import { gyreCli, openSession, SCREENSHOT_DIR, type Session, type Studio } from './harness';

const PROJECT = 'Telecom churn (sample)';

let session: Session;
let studio: Studio;
let page: Page;
/** The window as the learner sees it (the ring scrolled into view, the panel docked), not the whole page. */
const shot = async (name: string) => void (await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png` }));
const gyre = (...args: string[]) => gyreCli(studio, ...args, ...(args[0] === 'registry' && args[1] === 'register' ? [] : ['--project', PROJECT]));

beforeAll(async () => {
  session = await openSession({ timeoutMs: 60_000 });
  ({ studio, page } = session);
}, 120_000);

afterAll(() => session?.close());

const panel = () => page.getByRole('region', { name: 'Guided tour' });
/** The panel's words as written (innerText would give the small caps header in capitals). */
const panelText = async () => ((await panel().textContent()) ?? '').replace(/\s+/g, ' ');

/** Waits until the panel shows step `n` (its records were read again), then checks the ring and takes the screenshot. */
async function atStep(n: number, options: { ring?: boolean; timeout?: number } = {}): Promise<void> {
  const step = TOUR_STEPS[n - 1]!;
  await expect.poll(panelText, { timeout: options.timeout ?? 60_000 }).toContain(`step ${n} of ${TOUR_STEPS.length}`);
  expect(await panelText()).toContain(step.title);
  if (options.ring !== false) {
    const onPage = panel().getByRole('button', { name: /^Go to / });
    if (await onPage.isVisible()) await onPage.click();
    const rings = page.getByTestId('tour-ring');
    await rings.first().waitFor();
    for (const ring of await rings.all()) expect([step.target, step.then]).toContain(await ring.getAttribute('data-anchor'));
  }
  await page.waitForTimeout(400); // the ring's scroll settles
  await shot(`95-${String(n).padStart(2, '0')}-${step.id}`);
}

/** Picks an option of a Mantine select by its label. */
async function choose(select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).first().click();
}

const rows = () => page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr');

/** Work done by the CLI reaches an open page at its next read: reload, as a person switching back to the window would see it. */
async function reload(): Promise<void> {
  await page.reload();
  await panel().waitFor();
}

describe('The guided tour', () => {
  it('is offered on first start and opens its sample project on the first step', async () => {
    await page.goto(studio.url);
    const offer = page.getByRole('region', { name: 'Guided tour offer' });
    await offer.waitFor();
    await shot('95-00-tour-offer');
    await offer.getByRole('button', { name: 'Take the tour' }).click();
    await page.waitForURL(/\/p\/prj_[a-z0-9]+\/plan$/);
    await page.getByText(PROJECT).first().waitFor();
    expect(await panelText()).toMatch(/Why it matters/);
    await atStep(1);
  });

  it('plans, imports the sample, profiles it and cleans it with a recipe from the alerts', async () => {
    gyre('charter', 'set', '--problem', 'Customers cancel without warning; the retention team calls too late.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.75:0.85', '--criterion', 'recall>=0.5:0.7', '--sensitive', 'gender:0.1');
    await reload();
    await atStep(2);

    // The sample file from the panel's own button: the step moves on with a word on what finished it.
    await panel().getByRole('button', { name: 'Import the sample file' }).click();
    await expect.poll(async () => (await panel().getByTestId('tour-done').textContent()) ?? '', { timeout: 60_000 }).toMatch(/Import the sample data: telecom-churn v1: 4,000 rows/);
    await atStep(3);

    // The charter's target is the profile's by default.
    await expect.poll(() => page.getByRole('combobox', { name: 'Target column' }).inputValue()).toBe('churned');
    await page.getByRole('button', { name: 'Compute profile' }).click();
    await atStep(4);
    // The alerts' fixes, each handed to the recipe editor; then the recipe saved and applied to every row.
    await page.getByRole('link', { name: 'Fix in Prepare: Drop “country”' }).click();
    await page.waitForURL(/\/prepare$/);
    await page.goBack();
    await page.getByRole('link', { name: 'Fix in Prepare: Remove duplicate rows' }).click();
    await page.waitForURL(/\/prepare$/);
    await page.getByRole('textbox', { name: 'Name' }).fill('clean');
    await page.getByRole('button', { name: 'Save and apply…' }).click();
    const apply = page.getByRole('dialog', { name: 'Apply “clean” v1' });
    await apply.getByRole('button', { name: 'Apply to every row' }).click();
    await apply.getByText(/^Saved as telecom-churn-clean v1: 3,976 rows$/).waitFor({ timeout: 60_000 });
    await apply.getByRole('button', { name: 'Close' }).click();
    await atStep(5);
  });

  it('trains baselines and boosted trees on an out-of-time split, tunes them, and compares', async () => {
    await page.locator('[data-tour="train-wizard"]').click();
    const wizard = page.getByRole('dialog', { name: 'Train models' });
    await choose(wizard.getByRole('combobox', { name: 'Dataset' }), 'telecom-churn-clean');
    await choose(wizard.getByRole('combobox', { name: 'Split' }), 'Out-of-time (test on the latest)');
    await choose(wizard.getByRole('combobox', { name: 'Date column' }), 'signup_date');
    expect(await wizard.getByRole('checkbox', { name: /^Boosted trees/ }).isChecked()).toBe(true);
    // Inside the wizard the ring moves to the split; the panel gives way to one line on top.
    await expect.poll(() => page.getByTestId('tour-ring').getAttribute('data-anchor')).toBe('split-time');
    await page.getByRole('status').filter({ hasText: 'Guided tour · step 5 of 13' }).waitFor();
    await page.waitForTimeout(400); // dialogs and drawers finish opening
    await shot('95-05b-train-wizard');
    await wizard.getByRole('button', { name: 'Start training' }).click();
    await wizard.waitFor({ state: 'hidden' });
    await atStep(6, { timeout: 120_000 });

    await rows().filter({ hasText: 'Boosted trees' }).first().click();
    const drawer = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    await drawer.getByRole('button', { name: 'Tune…' }).click();
    const tune = page.getByRole('dialog', { name: 'Tune Boosted trees' });
    await tune.getByRole('textbox', { name: 'Configurations' }).fill('4');
    await tune.getByRole('button', { name: 'Start tuning' }).click();
    await tune.waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await atStep(7, { timeout: 180_000 });

    await rows().filter({ hasText: 'Boosted trees' }).first().getByRole('checkbox').check();
    await rows().filter({ hasText: 'Baseline' }).first().getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Compare 2 runs' }).click();
    const compare = page.getByRole('dialog', { name: 'Compare 2 runs' });
    await compare.getByRole('table', { name: 'Compared metrics' }).waitFor();
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'hidden' });
    await rows().filter({ hasText: 'Boosted trees' }).first().click();
    const picked = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    await picked.getByRole('textbox', { name: 'Notes' }).fill('Picked: the boosted trees beat the baseline by a wide margin on the newest customers.');
    await expect.poll(() => page.getByTestId('tour-ring').getAttribute('data-anchor')).toBe('run-notes');
    await page.waitForTimeout(400); // dialogs and drawers finish opening
    await shot('95-07b-train-notes');
    await picked.getByRole('button', { name: 'Save notes' }).click();
    await page.keyboard.press('Escape');
    await picked.waitFor({ state: 'hidden' });
    await atStep(8);

    // Back shows the comparison again (done, so Skip step just moves on).
    await panel().getByRole('button', { name: 'Back' }).click();
    await expect.poll(panelText).toContain('step 7 of');
    await panel().getByRole('button', { name: 'Skip step' }).click();
    await atStep(8);
  });

  it('evaluates with the fairness table, registers and promotes, exports a bundle and tries a prediction', async () => {
    await page.locator('[data-tour="evaluate-run"]').click();
    const evaluate = page.getByRole('dialog', { name: 'Evaluate a run' });
    await evaluate.getByText("The charter's sensitive attributes are always checked: gender.").waitFor();
    await evaluate.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await evaluate.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: /Fairness/ }).first().waitFor({ timeout: 120_000 });
    await atStep(9);

    await page.getByRole('button', { name: 'Register as a model version…' }).click();
    const register = page.getByRole('dialog', { name: 'Register as a model version' });
    await register.getByLabel('Model name').fill('churn');
    await register.getByRole('button', { name: 'Register' }).click();
    await page.getByLabel('Model registry').getByText('churn@1 · candidate').waitFor();
    await page.getByRole('tab', { name: 'Model registry' }).click();
    await expect.poll(() => page.getByTestId('tour-ring').getAttribute('data-anchor')).toBe('promote-button');
    await page.waitForTimeout(400); // dialogs and drawers finish opening
    await shot('95-09b-registry');
    await page.getByRole('button', { name: 'Change stage…' }).click();
    const promote = page.getByRole('dialog', { name: 'Change the stage of churn@1' });
    await choose(promote.getByRole('combobox', { name: 'Move to' }), /^production/);
    const override = promote.getByRole('checkbox', { name: /^Override the success gate/ });
    if (await override.isVisible()) await override.check();
    await promote.getByRole('textbox', { name: 'Why' }).fill('The tour: tuned boosted trees, evaluated on the newest customers');
    await promote.getByRole('button', { name: /^(Move to production|Override and promote)$/ }).click();
    await promote.waitFor({ state: 'hidden' });
    await atStep(10);

    await page.locator('[data-tour="export-bundle"]').click();
    const exporting = page.getByRole('dialog', { name: 'Export churn@1 as a bundle' });
    await exporting.getByRole('textbox', { name: 'Write it to' }).fill(join(studio.workspace, '..', 'churn-1.zip'));
    await exporting.getByRole('button', { name: 'Export' }).click();
    await exporting.getByTestId('bundle-result').waitFor({ timeout: 60_000 });
    await exporting.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-tour="try-it"]').click();
    const tryIt = page.getByRole('dialog', { name: /^Try churn@1/ });
    await tryIt.getByRole('button', { name: 'Predict' }).click();
    await tryIt.getByRole('list', { name: 'Probabilities' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(400); // dialogs and drawers finish opening
    await shot('95-10b-try-it');
    await page.keyboard.press('Escape');
    await atStep(11);
  });

  it('checks the drifted sample batch, reads the alerts, starts the next iteration, and closes', async () => {
    // Pause and resume on the way: the chip keeps the place.
    await panel().getByRole('button', { name: 'Pause the tour' }).click();
    await page.getByText(/Tour paused at step 11 of 13/).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await panel().getByRole('button', { name: 'Check the sample batch' }).click();
    // The batch raises its alerts in the same job: the alert step is done with it.
    await atStep(13, { timeout: 120_000 });
    // Back to the alerts step, done with the batch, for its own look; Skip step returns.
    await panel().getByRole('button', { name: 'Back' }).click();
    await atStep(12);
    await panel().getByRole('button', { name: 'Skip step' }).click();
    await atStep(13);
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await alerts.getByRole('row').filter({ hasText: /ROC AUC/ }).first().getByRole('button', { name: 'Start next iteration…' }).click();
    const next = page.getByRole('dialog', { name: 'Start the next iteration' });
    await next.getByRole('button', { name: 'Start next iteration' }).click();
    await page.waitForURL(/\/train$/, { timeout: 60_000 });
    // The Train wizard opens on the new version; the tour's closing words wait beside it.
    await page.getByRole('dialog', { name: 'Train models' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Guided tour' }).getByText('You went round the whole cycle').waitFor({ timeout: 60_000 });
    await shot('95-14-finished');
    expect(session.consoleErrors).toEqual([]);
  });
});
