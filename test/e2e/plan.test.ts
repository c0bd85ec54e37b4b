/**
 * The Plan stage through every layer: Chromium → renderer → HTTP → dispatcher → SQLite, on a fresh workspace.
 * Creates a project through the wizard with two success criteria, reloads, edits, and compares versions.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_INFO, STAGES } from '../../electron/contract/stages';
import { openSession, type Session, type Studio } from './harness';

/** Stages with working pages; the rest must say honestly that they are not built. */
const BUILT = ['plan', 'data', 'explore', 'prepare', 'train', 'evaluate', 'deploy', 'monitor'];

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession({ timeoutMs: 10_000 });
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

const exact = { exact: true };

describe('Plan stage, end to end', () => {
  it('teaches what a project is on an empty workspace, and creates one', async () => {
    await page.goto(studio.url);
    await page.getByRole('button', { name: 'Create your first project' }).waitFor();
    await shot('00-projects-empty');
    await page.getByRole('button', { name: 'Create your first project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Project name').fill('Customer churn');
    await dialog.getByLabel('Description').fill('Which customers cancel in the next 90 days');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/#\/p\/prj_[a-z0-9]+\/plan$/);
    await expect.poll(() => page.getByRole('navigation', { name: 'Lifecycle stages' }).getByRole('link').allInnerTexts()).toHaveLength(8);
  });

  it('walks the charter wizard with two success criteria and saves version 1', async () => {
    await page.getByLabel('Problem statement').fill('Customers cancel without warning and support learns too late.');
    await page.getByLabel('Business objective').fill('Keep 5% more customers each quarter.');
    await page.getByRole('button', { name: 'Add stakeholder' }).click();
    await page.getByLabel('Stakeholder name 1', exact).fill('Ana Lima');
    await page.getByLabel('Stakeholder role 1', exact).click();
    await page.getByRole('option', { name: 'Data scientist' }).click();
    await shot('01-wizard-problem');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('radio', { name: 'Binary classification' }).check();
    await page.getByLabel('Target', exact).fill('Customer cancels within 90 days');
    await page.getByLabel('Unit of prediction').fill('one customer account');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByLabel('Metric 1', exact).click();
    await page.getByRole('option', { name: 'Accuracy', exact: true }).click();
    await page.getByLabel('Minimum acceptable 1', exact).fill('0.70');
    await page.getByLabel('Target value 1', exact).fill('0.90');
    await page.getByRole('button', { name: 'Add criterion' }).click();
    await page.getByLabel('Metric 2', exact).click();
    await page.getByRole('option', { name: 'ROC AUC', exact: true }).click();
    await page.getByLabel('Minimum acceptable 2', exact).fill('0.75');
    await page.getByLabel('Target value 2', exact).fill('0.85');
    await expect.poll(() => page.getByTestId('criterion-sentence-1').innerText()).toMatch(/Accuracy ≥ 0\.7.* acceptable, ≥ 0\.9.* target/);
    await shot('02-wizard-success-criteria');

    // A target worse than the acceptable value is caught before the step can be left.
    await page.getByLabel('Target value 2', exact).fill('0.60');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByText(/must be at least the acceptable value/).count()).toBeGreaterThan(0);
    await page.getByLabel('Target value 2', exact).fill('0.85');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('switch', { name: 'Interpretability required' }).check({ force: true });
    await page.getByRole('button', { name: 'Add sensitive attribute' }).click();
    await page.getByLabel('Sensitive attribute name 1', exact).fill('gender');
    await page.getByLabel('Retraining trigger').fill('retrain when F1 drops below 0.75 or drift score > 0.2');
    await page.getByRole('button', { name: 'Next' }).click();
    await shot('03-wizard-review');
    await page.getByRole('button', { name: 'Save charter' }).click();
    await expect.poll(() => page.getByTestId('charter-version').innerText()).toMatch(/^Version 1/);
  });

  it('shows the saved charter after a reload, and Plan as done in the rail', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('charter-version').innerText()).toMatch(/^Version 1/);
    expect(await page.getByLabel('Problem statement').inputValue()).toBe('Customers cancel without warning and support learns too late.');
    expect(await page.getByLabel('Target value 1', exact).inputValue()).toBe('0.9');
    expect(await page.getByLabel('Metric 2', exact).inputValue()).toBe('ROC AUC');
    const rail = page.getByRole('navigation', { name: 'Lifecycle stages' });
    await expect.poll(() => rail.getByRole('link', { name: /^Plan/ }).innerText()).toMatch(/Done/);
    await shot('04-plan-charter-v1');
  });

  it('edits the charter into version 2 and shows the diff between the versions', async () => {
    await page.getByLabel('Target value 1', exact).fill('0.92');
    await page.getByLabel('Change note').fill('Raise the accuracy target');
    await page.getByRole('button', { name: 'Save charter' }).click();
    await expect.poll(() => page.getByTestId('charter-version').innerText()).toMatch(/^Version 2/);

    await page.reload();
    await expect.poll(() => page.getByTestId('charter-version').innerText()).toMatch(/^Version 2.*Raise the accuracy target/);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('combobox', { name: 'From version' }).click();
    await page.getByRole('option', { name: 'Version 1', exact: true }).click();
    await page.getByRole('combobox', { name: 'To version' }).click();
    await page.getByRole('option', { name: 'Version 2', exact: true }).click();
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.getByTestId('charter-diff');
    await expect.poll(() => diff.innerText()).toMatch(/Success criterion 1 · target[\s\S]*0\.9[\s\S]*0\.92/);
    expect(await diff.getByRole('row').count()).toBe(2); // header + the one change
    await shot('05-plan-history-diff');
  });

  it('agrees with the CLI: the same workspace holds both versions', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['bin/gyre.mjs', '--workspace', studio.workspace, 'charter', 'history', '--project', 'Customer churn', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([[2, 'Raise the accuracy target'], [1, 'First version']]);
  });

  it('renders every stage page; stages not built yet say so', async () => {
    const base = page.url().replace(/\/plan$/, '');
    for (const [i, stage] of STAGES.entries()) {
      await page.goto(`${base}/${stage}`);
      await page.getByRole('heading', { name: STAGE_INFO[stage].question }).waitFor();
      if (!BUILT.includes(stage)) await page.getByText('Not built yet in this version').first().waitFor();
      await shot(`1${i}-stage-${stage}`);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/plan`);
    await page.getByTestId('charter-version').waitFor();
    await shot('20-plan-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('switches stage with Alt+number and opens a new project with Alt+N', async () => {
    await page.keyboard.press('Alt+2');
    await page.waitForURL(/\/data$/);
    await page.keyboard.press('Alt+1');
    await page.waitForURL(/\/plan$/);
    await page.keyboard.press('Alt+N');
    await page.getByRole('dialog', { name: 'New project' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('logged no errors in the page', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
