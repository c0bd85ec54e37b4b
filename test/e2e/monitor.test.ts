/**
 * The Monitor stage end to end in Debian's Chromium. Seeded with the real CLI: a charter (accuracy 0.7 acceptable,
 * 0.8 target), customers.csv, a GBDT promoted to production as churn@1, and `gyre monitor` run on a stable batch
 * (exit 0) and a drifted one (exit 3). Then, on the page: a drifted batch with flipped outcomes is added; its report
 * flags the shifted features and the accuracy below acceptable; the alert starts the next iteration, which lands on
 * Train; a version retrained on the new dataset version is compared with production on the batch.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gyreCli, openSession, openStage, SCREENSHOT_DIR, type Session, type Studio } from './harness';

const BIN = fileURLToPath(new URL('../../bin/gyre.mjs', import.meta.url));
const CUSTOMERS = fileURLToPath(new URL('../fixtures/data/customers.csv', import.meta.url));
const gyre = (...args: string[]) => gyreCli(studio, ...args);

let session: Session;
let studio: Studio;
let page: Page;
let dir: string;

/**
 * Batches made from customers.csv: `stable.csv`, its rows as they are (no outcomes); `drifted.csv`, the same
 * customers with age + 30 and monthly_spend × 3 + 200, and `outcomes.csv`, their churned flag flipped, so the
 * model's accuracy on them falls far below the charter's acceptable level.
 */
function writeBatches(to: string): void {
  const [head, ...lines] = readFileSync(CUSTOMERS, 'utf8').trim().split('\n');
  const columns = head!.split(',');
  const rows = lines.map((l) => l.split(','));
  const at = (name: string) => columns.indexOf(name);
  const inputs = columns.filter((c) => c !== 'churned');
  const shift: Record<string, (v: number) => number> = { age: (v) => v + 30, monthly_spend: (v) => v * 3 + 200 };
  const csv = (values: string[][]) => [inputs.join(','), ...values.map((r) => r.join(','))].join('\n') + '\n';
  const cell = (r: string[], c: string, drift: boolean) => {
    const v = r[at(c)]!;
    return drift && shift[c] && v !== '' ? String(Math.round(shift[c](Number(v)) * 100) / 100) : v;
  };
  writeFileSync(join(to, 'stable.csv'), csv(rows.map((r) => inputs.map((c) => cell(r, c, false)))));
  writeFileSync(join(to, 'drifted.csv'), csv(rows.map((r) => inputs.map((c) => cell(r, c, true)))));
  writeFileSync(join(to, 'outcomes.csv'), ['customer_id,churned', ...rows.map((r) => `${r[at('customer_id')]},${r[at('churned')] === 'true' ? 'false' : 'true'}`)].join('\n') + '\n');
}

/** `gyre monitor` with its exit status (gyreCli throws on any status but 0). */
function monitorCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, '--workspace', studio.workspace, 'monitor', ...args, '--project', 'Churn'], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gyre-monitor-'));
  writeBatches(dir);
  session = await openSession({
    timeoutMs: 60_000,
    // The batch file that is not there is refused with a 404, which the browser logs.
    expectedConsole: /the server responded with a status of 404/,
    seed: (s) => {
      studio = s;
      gyre('project', 'create', '--name', 'Churn');
      gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'accuracy>=0.7:0.8', '--sensitive', 'plan:0.95', '--retrain', 'Retrain when a month of outcomes puts accuracy below 0.7.');
      gyre('import', CUSTOMERS, '--project', 'Churn');
      const [run] = JSON.parse(gyre('train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--json')) as { id: string }[];
      gyre('evaluate', run!.id, '--resamples', '100', '--repeats', '1', '--json');
      gyre('registry', 'register', run!.id, '--name', 'churn');
      gyre('registry', 'promote', 'churn@1', '--stage', 'production', '--project', 'Churn');
    },
  });
  ({ studio, page } = session);
  // Desktop notifications, recorded instead of shown (and already allowed).
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (globalThis as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(globalThis, 'Notification', { value: RecordedNotification, configurable: true });
  });
}, 180_000);

afterAll(async () => {
  await session?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const report = () => page.getByTestId('batch-report');
/** A screenshot of the whole page, or of one part of it (a dialog, a panel), without the toasts that float over it. */
async function shotOf(part: Locator | 'page', name: string): Promise<void> {
  const options = { path: `${SCREENSHOT_DIR}${name}.png`, style: '.mantine-Notifications-root { display: none !important; }' };
  if (part === 'page') {
    // From the top, so the fixed header is drawn there and not across the middle of the page.
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ ...options, fullPage: true });
  }
  else await part.screenshot({ ...options, style: `${options.style} .mantine-AppShell-header { display: none !important; }` });
}

describe('gyre monitor', () => {
  it('exits 0 on a batch like the training rows and 3 on a drifted batch whose accuracy fell', () => {
    const stable = monitorCli('churn@1', join(dir, 'stable.csv'), '--name', 'stable (CLI)');
    expect(stable.status, stable.stderr).toBe(0);
    expect(stable.stdout).toMatch(/verdict: stable/);
    expect(stable.stdout).toMatch(/no alerts/);
    const drifted = monitorCli('churn@1', join(dir, 'drifted.csv'), '--outcomes', join(dir, 'outcomes.csv'), '--id', 'customer_id', '--name', 'drifted (CLI)');
    expect(drifted.status, drifted.stderr).toBe(3);
    expect(drifted.stdout).toMatch(/monthly_spend .* DRIFT/);
    expect(drifted.stdout).toMatch(/\[critical\] Accuracy fell to/);
  });
});

describe('Monitor stage, end to end', () => {
  it('adds a drifted batch with outcomes and shows its report', async () => {
    await openStage(page, studio, 'Churn', 8, /\/monitor$/);
    expect(await page.getByRole('combobox', { name: 'Model version watched' }).inputValue()).toBe('churn@1 · production');
    await page.getByRole('table', { name: 'Batches' }).getByText('drifted (CLI)').waitFor();

    await page.getByRole('button', { name: 'Add batch…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a batch to check against churn@1' });
    // A file that is not there is refused beside its field.
    await dialog.getByRole('textbox', { name: 'Batch file' }).fill(join(dir, 'missing.csv'));
    await dialog.getByRole('button', { name: 'Check the batch' }).click();
    await dialog.getByText(/missing\.csv cannot be read: the file does not exist/).waitFor();
    await dialog.getByRole('textbox', { name: 'Batch file' }).fill(join(dir, 'drifted.csv'));
    await dialog.getByRole('checkbox', { name: /The true outcomes arrived/ }).check();
    // The outcomes file through the file picker: the browser studio uploads it into the workspace.
    await dialog.locator('input[type=file]').nth(1).setInputFiles(join(dir, 'outcomes.csv'));
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Outcomes file' }).inputValue()).toMatch(/^upload:[0-9a-f]+\/outcomes\.csv$/);
    await dialog.getByRole('textbox', { name: 'Id column (in both files)' }).fill('customer_id');
    expect(await dialog.getByRole('textbox', { name: 'Outcome column' }).inputValue()).toBe('churned');
    await dialog.getByRole('textbox', { name: 'Name (optional)' }).fill('March');
    await shotOf(dialog, '80-monitor-add-batch');
    await dialog.getByRole('button', { name: 'Check the batch' }).click();

    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => report().getByRole('heading', { level: 2 }).innerText()).toBe('Batch “March”');
    const verdict = page.getByTestId('batch-verdict-text');
    expect(await verdict.innerText()).toBe('Drift: 2 of 4 features drifted (50 %); the batch drifts at 30 %');
    expect(await page.getByTestId('batch-reference').innerText()).toMatch(/^Compared with the 240 training rows of customers v1 \(churn@1\)/);
    // In-app and desktop notifications for the alerts it raised.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { shownNotifications: { title: string }[] }).shownNotifications.map((n) => n.title))).toEqual(['Gyre: 3 alerts on batch March']);

    // Drifted features come first, flagged; clicking one draws both distributions.
    const features = report().getByRole('table', { name: 'Drift per feature' });
    expect(await features.locator('tbody tr').first().innerText()).toMatch(/drifted/i);
    expect(await report().getByTestId('feature-monthly_spend').innerText()).toMatch(/drifted/i);
    expect(await report().getByTestId('feature-city').innerText()).toMatch(/stable/i);
    await report().getByTestId('feature-monthly_spend').click();
    await report().getByRole('img', { name: 'Distribution of monthly_spend in the training rows and in the batch' }).waitFor();
    expect(await report().getByRole('region', { name: 'Data quality' }).innerText()).toMatch(/monthly_spend[\s\S]*above/);

    // The charter's sensitive attribute over time: its parity difference on the batches with outcomes, the allowed gap drawn.
    await page.getByRole('img', { name: 'Demographic parity difference for plan per batch, with the charter’s allowed disparity' }).waitFor();
    const criteria = report().getByRole('table', { name: 'Charter metrics on the batch' });
    expect(await criteria.innerText()).toMatch(/Accuracy\s+0\.\d+\s+≥ 0\.7\s+≥ 0\.8\s+below acceptable/i);
    await shotOf('page', '81-monitor-report');
  });

  it('lists the alerts, acknowledges one, and shows the rules read from the charter', async () => {
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const accuracy = alerts.getByRole('row').filter({ hasText: /Accuracy fell to 0\.\d+ on batch “March” \(limit 0\.7\)/ });
    await accuracy.waitFor();
    expect(await accuracy.innerText()).toMatch(/critical/i);
    const predictions = alerts.getByRole('row').filter({ hasText: /The predictions drifted on batch “March”/ });
    await predictions.getByRole('button', { name: 'Acknowledge' }).click();
    await predictions.waitFor({ state: 'detached' });
    await alerts.locator('label').filter({ hasText: /^Acknowledged$/ }).click();
    await alerts.getByRole('row').filter({ hasText: /The predictions drifted on batch “March”/ }).getByText(/^acknowledged by /).waitFor();
    await alerts.locator('label').filter({ hasText: /^Open$/ }).click();
    await accuracy.waitFor();
    await shotOf(alerts, '82-monitor-alerts');

    const settings = page.getByRole('region', { name: 'Drift settings and alert rules' });
    await settings.getByRole('button', { name: 'Show settings and rules' }).click();
    const rules = settings.getByRole('table', { name: 'Alert rules' });
    expect(await rules.getByRole('row').filter({ hasText: 'Accuracy below 0.7 (the charter’s acceptable level)' }).innerText()).toMatch(/from the charter/i);
    expect(await settings.getByTestId('retraining-trigger').innerText()).toBe('Retrain when a month of outcomes puts accuracy below 0.7.');
    const form = settings.getByRole('group', { name: 'Add a rule' });
    await form.getByRole('combobox', { name: 'Alert when' }).click();
    await page.getByRole('option', { name: 'One feature drifts' }).click();
    await form.getByLabel('Feature', { exact: true }).fill('monthly_spend');
    await form.getByRole('button', { name: 'Add rule' }).click();
    expect(await rules.getByRole('row').filter({ hasText: 'The feature "monthly_spend" drifted' }).innerText()).toMatch(/custom/i);
    await shotOf(settings, '83-monitor-settings');
  });

  it('starts the next iteration from the alert and lands on Train', async () => {
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await alerts.getByRole('row').filter({ hasText: /Accuracy fell to .* on batch “March”/ }).getByRole('button', { name: 'Start next iteration…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start the next iteration' });
    expect(await dialog.innerText()).toMatch(/writes a new version of the charter/);
    await shotOf(dialog, '84-monitor-next-iteration');
    await dialog.getByRole('button', { name: 'Start next iteration' }).click();
    await page.waitForURL(/\/train$/, { timeout: 60_000 });
    // The Train wizard opens on the new dataset version with the production model's configuration.
    const wizard = page.getByRole('dialog', { name: 'Train models' });
    await expect.poll(() => wizard.innerText()).toMatch(/Next iteration: training on customers v2 \(\+600 labeled rows from monitoring\); settings of churn@1/);
    await expect.poll(() => wizard.getByRole('combobox', { name: 'Version' }).inputValue()).toBe('v2 · 900 rows');

    const history = JSON.parse(gyre('charter', 'history', '--project', 'Churn', '--json')) as { version: number; note: string }[];
    expect(history[0]!.version).toBe(2);
    expect(history[0]!.note).toMatch(/^Next iteration: Accuracy fell to/);
    const customers = JSON.parse(gyre('dataset', 'show', 'customers', '--project', 'Churn', '--json')) as { versions: { version: number; rowCount: number }[] };
    // The training version's 300 rows and both labeled batches' 300 rows each.
    expect(customers.versions.find((v) => v.version === 2)?.rowCount).toBe(900);
    await shotOf('page', '85-monitor-train-handover');
  });

  it('compares a version retrained on the new dataset version with production on the batch', async () => {
    const [run] = JSON.parse(gyre('train', 'customers@2', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--json')) as { id: string }[];
    gyre('registry', 'register', run!.id, '--name', 'churn');

    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+8');
    await page.waitForURL(/\/monitor$/);
    await page.getByTestId('batch-row-March').click();
    await expect.poll(() => report().getByRole('heading', { level: 2 }).innerText()).toBe('Batch “March”');
    await report().getByRole('button', { name: 'Compare with a new version…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare a new version with churn@1 on batch March' });
    await expect.poll(() => dialog.getByRole('combobox', { name: 'New version' }).inputValue()).toMatch(/^churn@2/);
    await dialog.getByRole('button', { name: 'Compare' }).click();
    const table = report().getByRole('table', { name: 'churn@2 and churn@1 on batch March' });
    await table.waitFor({ timeout: 60_000 });
    expect(await table.innerText()).toMatch(/Accuracy\s+0\.\d+\s+below acceptable\s+(0|1)(\.\d+)?\s+\S+/i);
    expect(await report().getByTestId('batch-comparison').innerText()).toMatch(/trained on a dataset version that includes this batch/);
    await shotOf(report().getByRole('region', { name: 'Performance on the outcomes' }), '86-monitor-compare');
  });

  it('says how to get a version into production when none is, and still watches any version', async () => {
    gyre('registry', 'promote', 'churn@1', '--stage', 'archived', '--project', 'Churn', '--reason', 'Replaced after the March drift.');
    await page.reload();
    await page.getByTestId('monitor-no-production').waitFor();
    expect(await page.getByTestId('monitor-no-production').innerText()).toMatch(/Promote a version to production on the Evaluate stage/);
    await page.getByRole('combobox', { name: 'Model version watched' }).click();
    await page.getByRole('option', { name: 'churn@2 · candidate' }).click();
    await page.getByText('No batch of churn@2 has been checked yet.').waitFor();
    await shotOf('page', '87-monitor-no-production');
    expect(session.consoleErrors).toEqual([]);
  });
});
