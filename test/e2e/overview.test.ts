/**
 * The project dashboard and the next iteration's hand-over to Train, end to end in Debian's Chromium. A project made
 * with the real CLI — charter, customers.csv, a random forest promoted to production as churn@1, a drifted batch
 * "March" with outcomes that raised alerts, and a second dataset version with the batch's labeled rows — opens on its
 * overview; a next iteration put where Monitor's "Start next iteration" leaves it opens the train wizard with the
 * production model's settings on the new version.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDetail, NextIteration, Run, RunSummary } from '../../electron/contract/index';
import { gyreCli, openSession, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/gyre.mjs', import.meta.url));
const gyre = (...args: string[]) => gyreCli(studio, ...args);

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];
let production: Run;
let next: NextIteration;

/** customers.csv's first 200 rows, older and spending 2.5 times as much: age and spend drift; outcomes kept. */
function writeBatches(folder: string): { batch: string; merged: string } {
  const [header, ...lines] = readFileSync(`${FIXTURES}data/customers.csv`, 'utf8').trim().split('\n');
  const batchRows = lines.slice(0, 200).map((line) => {
    const [id, age, spend, ...rest] = line.split(',');
    return [id, age ? String(Number(age) + 25) : '', spend ? (Number(spend) * 2.5).toFixed(2) : '', ...rest].join(',');
  });
  const batch = join(folder, 'march.csv');
  writeFileSync(batch, [header, ...batchRows].join('\n') + '\n');
  // The training rows plus the batch's labeled rows (new customer ids), as "Start next iteration" merges them.
  const merged = join(folder, 'customers.csv');
  const relabeled = batchRows.map((line) => line.replace(/^\d+/, (id) => String(Number(id) + 5000)));
  writeFileSync(merged, [header, ...lines, ...relabeled].join('\n') + '\n');
  return { batch, merged };
}

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 30_000,
    seed: (s) => {
      studio = s;
      gyre('project', 'create', '--name', 'Fresh');
      gyre('project', 'create', '--name', 'Churn', '--description', 'Which customers cancel in the next 90 days');
      gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8', '--criterion', 'accuracy>=0.6:0.75');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
      const args = ['--split', 'stratified:0.25', '--seed', '7', '--trees', '60', '--depth', '5', '--resample', 'oversample:0.8'];
      production = (JSON.parse(gyre('train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'rf', ...args, '--json')) as Run[])[0]!;
      gyre('registry', 'register', production.id, '--name', 'churn');
      gyre('registry', 'promote', 'churn@1', '--stage', 'production', '--override', '--reason', 'First model; watched closely', '--project', 'Churn');
      const files = writeBatches(dirname(studio.workspace));
      // `gyre monitor` exits 3 when the batch raised an alert: that is what this batch is for.
      const monitor = spawnSync(process.execPath, [BIN, '--workspace', studio.workspace, 'monitor', 'churn@1', files.batch, '--outcomes', files.batch, '--id', 'customer_id', '--name', 'March', '--project', 'Churn'], { encoding: 'utf8' });
      if (monitor.status !== 3) throw new Error(`gyre monitor exited ${monitor.status}, not 3 (an alert):\n${monitor.stdout}${monitor.stderr}`);
      gyre('import', files.merged, '--project', 'Churn', '--name', 'customers');
      const dataset = JSON.parse(gyre('dataset', 'show', 'customers', '--project', 'Churn', '--json')) as DatasetDetail;
      const v2 = dataset.versions.find((v) => v.version === 2)!;
      const request = production.details.request!;
      next = {
        charterVersion: 2,
        dataset: { id: dataset.id, versionId: v2.id, name: dataset.name, version: 2 },
        merged: null,
        recipe: null,
        rowsAdded: 200,
        batchIds: [],
        train: { target: production.target, task: production.task, models: [production.model], split: request.split, seed: request.seed, params: request.params, ...(request.resample ? { resample: request.resample } : {}) },
        production: 'churn@1',
        latestBatchId: null,
      };
    },
  });
  ({ studio, page, shot } = session);
}, 120_000);

afterAll(() => session?.close());

const region = (name: string) => page.getByRole('region', { name, exact: true });

describe('Project overview, end to end', () => {
  it('opens a project on its overview: the eight stages in order with their states', async () => {
    await page.goto(studio.url);
    await page.getByRole('button', { name: 'Open Churn' }).click();
    await page.waitForURL(/\/p\/prj_[a-z0-9]+\/overview$/);
    await page.getByRole('heading', { name: 'Churn', level: 1 }).waitFor();
    const overviewLink = page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Overview' });
    expect(await overviewLink.getAttribute('aria-current')).toBe('page');
    const cycle = page.getByRole('list', { name: 'The cycle' }).getByRole('link');
    await expect.poll(() => cycle.allInnerTexts()).toHaveLength(8);
    const cards = await cycle.allInnerTexts();
    expect(cards.map((c) => c.split('\n').map((l) => l.trim()).filter(Boolean)[1])).toEqual(['Plan', 'Data', 'Explore', 'Prepare', 'Train', 'Evaluate', 'Deploy', 'Monitor']);
    await expect.poll(async () => (await cycle.first().innerText()).replace(/\s+/g, ' ')).toMatch(/Plan Done Charter version 1 with 2 success criteria/);
    expect(await page.getByTestId('overview-progress').innerText()).toMatch(/\d of 8 stages done/);
  });

  it('shows production with its latest batch judged against the charter, the open alerts and the activity', async () => {
    const prod = region('Production');
    expect(await prod.getByTestId('production-model').innerText()).toBe('churn@1');
    expect(await prod.innerText()).toMatch(/in production since .+ \((just now|\d+ minutes? ago)\)/);
    const batch = prod.getByTestId('latest-batch');
    expect((await batch.innerText()).replace(/\s+/g, ' ')).toMatch(/Latest batch March · 200 rows · observed (just now|\d+ minutes? ago) · raised 2 alerts Drift 2 of 4 features drifted \(50%\)/);
    const metrics = prod.getByRole('table', { name: 'Charter metrics on the latest batch' });
    await metrics.getByLabel(/^ROC AUC 0\.\d{3}: (acceptable, short of the target|meets the target|below acceptable)$/).waitFor();
    await metrics.getByLabel(/^Accuracy 0\.\d{3}: /).waitFor();

    const alerts = region('Alerts');
    expect((await alerts.innerText()).replace(/\s+/g, ' ')).toMatch(/Open 2 Acknowledged 0 2 alerts wait for a decision/i);
    expect(await alerts.getByRole('link', { name: 'Review the alerts on Monitor' }).getAttribute('href')).toMatch(/\/monitor$/);

    const activity = region('Recent activity').getByRole('listitem');
    const items = (await activity.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(items.some((t) => /^Model churn@1 moved to production/.test(t))).toBe(true);
    expect(items.some((t) => /^Model churn@1 registered/.test(t))).toBe(true);
    expect(items.some((t) => /^Alert \d+ of \d+ features drifted on batch “March”/.test(t))).toBe(true);
    // A job is titled as the jobs list titles it, not by its last progress message.
    expect(items.some((t) => /^Job Check batch March against churn@1's training rows/.test(t))).toBe(true);
    expect(items.some((t) => /^Job Done\./.test(t))).toBe(false);
    expect(items.some((t) => /^Charter Charter v1 saved/.test(t))).toBe(true);
    // Newest first: the charter came before everything else.
    expect(items.findIndex((t) => t.startsWith('Charter'))).toBeGreaterThan(items.findIndex((t) => t.includes('moved to production')));
    await shot('90-overview');
  });

  it('opens a stage from its card, comes back with Alt+0, and lands on the overview from the project address', async () => {
    await page.getByRole('list', { name: 'The cycle' }).getByRole('link', { name: /Train/ }).click();
    await page.waitForURL(/\/train$/);
    await page.keyboard.press('Alt+0');
    await page.waitForURL(/\/overview$/);
    await page.goto(page.url().replace(/\/overview$/, ''));
    await page.waitForURL(/\/overview$/);
    await page.getByTestId('production-model').waitFor();
  });

  it('tells a new project where to start, and switching projects lands on their overview', async () => {
    const churn = page.url();
    await page.getByTestId('project-switcher').click();
    await page.getByRole('menuitem', { name: 'Fresh' }).click();
    await page.getByRole('heading', { name: 'Fresh', level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/overview$/);
    await expect.poll(async () => (await page.getByTestId('overview-progress').innerText()).replace(/\s+/g, ' ')).toMatch(/^0 of 8 stages done · next: Plan/);
    await region('Production').getByText('No model is in production yet.', { exact: false }).waitFor();
    expect(await region('Alerts').innerText()).toMatch(/No open alerts\./);
    await shot('90b-overview-new-project');
    await page.goto(churn);
    await page.getByTestId('production-model').waitFor();
  });
});

describe('The next iteration, handed to Train', () => {
  const wizard = () => page.getByRole('dialog', { name: 'Train models' });

  it("opens the train wizard on the new dataset version with the production model's settings", async () => {
    const projectId = /\/p\/([^/]+)\/overview$/.exec(page.url())![1]!;
    // Where Monitor's "Start next iteration" leaves it (this session's storage of the page).
    await page.evaluate(`sessionStorage.setItem(${JSON.stringify(`gyre.train.handover.${projectId}`)}, ${JSON.stringify(JSON.stringify(next))})`);
    await page.keyboard.press('Alt+5');
    await page.waitForURL(/\/train$/);
    const dialog = wizard();
    await dialog.waitFor();
    expect(await dialog.getByTestId('next-iteration').innerText()).toMatch(/^Next iteration: training on customers v2 \(\+200 labeled rows from monitoring\); settings of churn@1/);
    expect(await dialog.getByRole('combobox', { name: 'Dataset' }).inputValue()).toBe('customers');
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Version' }).inputValue()).toBe('v2 · 500 rows');
    expect(await dialog.getByRole('combobox', { name: 'Target' }).inputValue()).toBe('churned');
    expect(await dialog.getByRole('radio', { name: 'Binary' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('textbox', { name: 'Test share' }).inputValue()).toBe('0.25');
    expect(await dialog.getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('7');
    const checked = async (name: RegExp) => dialog.getByRole('checkbox', { name }).isChecked();
    expect([await checked(/^Baseline/), await checked(/^Linear/), await checked(/^Random forest/), await checked(/^Boosted trees/)]).toEqual([true, true, true, false]);
    expect(await dialog.getByRole('radio', { name: 'Random oversampling' }).isChecked()).toBe(true);
    await shot('91-train-next-iteration');
    await dialog.getByRole('button', { name: /^Settings/ }).click();
    expect(await dialog.getByRole('textbox', { name: 'Trees' }).inputValue()).toBe('60');
    expect(await dialog.getByRole('textbox', { name: 'Max depth' }).inputValue()).toBe('5');
    expect(await dialog.getByRole('textbox', { name: 'Resampling ratio' }).inputValue()).toBe('0.8');
  });

  it('stays editable, is kept when the wizard is closed, and trains on the new version with those settings', async () => {
    const dialog = wizard();
    const gbdt = dialog.getByRole('checkbox', { name: /^Boosted trees/ });
    await gbdt.check();
    expect(await gbdt.isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Closed without training: the next iteration is still what the wizard starts from (edits are dropped, as always).
    await page.getByRole('button', { name: 'Train models…' }).first().click();
    await dialog.getByTestId('next-iteration').waitFor();
    expect(await gbdt.isChecked()).toBe(false);
    await dialog.getByRole('checkbox', { name: /^Neural network/ }).check();
    await dialog.getByRole('button', { name: 'Start training' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const listRuns = () => JSON.parse(gyre('runs', '--project', 'Churn', '--json')) as RunSummary[];
    await expect.poll(() => listRuns().length, { timeout: 60_000 }).toBe(5);
    const runs = listRuns().filter((r) => r.id !== production.id);
    expect(runs.map((r) => r.model).sort()).toEqual(['baseline', 'linear', 'mlp', 'rf']);
    for (const run of runs) expect([run.versionId, run.target]).toEqual([next.dataset.versionId, 'churned']);
    expect(runs.find((r) => r.model === 'rf')!.params).toMatchObject({ nTrees: 60, maxDepth: 5, seed: 7, resample: 'oversample', resampleRatio: 0.8 });
  });

  it('takes the hand-over once: the next visit to Train opens no wizard, and the wizard starts from its defaults', async () => {
    await page.keyboard.press('Alt+4');
    await page.waitForURL(/\/prepare$/);
    await page.keyboard.press('Alt+5');
    await page.waitForURL(/\/train$/);
    await page.getByRole('button', { name: 'Train models…' }).first().waitFor();
    expect(await wizard().count()).toBe(0);
    await page.getByRole('button', { name: 'Train models…' }).first().click();
    await expect.poll(() => wizard().getByRole('combobox', { name: 'Target' }).inputValue()).toBe('churned');
    expect(await wizard().getByTestId('next-iteration').count()).toBe(0);
    expect(await wizard().getByRole('textbox', { name: 'Seed' }).inputValue()).toBe('42');
    await wizard().getByRole('button', { name: 'Cancel' }).click();
  });

  it('logged no errors in the page', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
