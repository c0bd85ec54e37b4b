/**
 * Resampling for class imbalance end to end in Debian's Chromium: an imbalanced dataset (profiled with its target by
 * the real CLI), the wizard's hint and SMOTE with its preview, the leaderboard's "SMOTE 1:1" badge, and the run
 * drawer's chart of the training rows per class before and after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../../electron/ml/random';
import { gyreCli, openSession, openStage, type Session, type Studio } from './harness';

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];
const dir = mkdtempSync(join(tmpdir(), 'gyre-e2e-resample-'));

/** 1,200 subscribers of whom about one in ten cancels: cancelling follows tenure, plan and spend. */
function subscribersCsv(): string {
  const random = seeded(23);
  const lines = ['subscriber_id,tenure_months,plan,monthly_spend,cancelled'];
  for (let i = 0; i < 1200; i++) {
    const tenure = Math.floor(random.next() * 72);
    const plan = ['basic', 'plus', 'pro'][random.int(3)]!;
    const spend = 15 + random.next() * 90;
    const logit = -1.2 - tenure / 14 + (plan === 'basic' ? 1.1 : 0) + (spend - 60) / 40;
    lines.push(`S${10_000 + i},${i % 31 === 5 ? '' : tenure},${plan},${spend.toFixed(2)},${random.next() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no'}`);
  }
  const file = join(dir, 'subscribers.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 30_000,
    seed: (s) => {
      gyreCli(s, 'project', 'create', '--name', 'Retention');
      gyreCli(s, 'charter', 'set', '--project', 'Retention', '--problem', 'Subscribers cancel without warning.', '--task', 'binary_classification', '--target', 'cancelled', '--criterion', 'pr_auc>=0.3:0.5');
      gyreCli(s, 'import', subscribersCsv(), '--project', 'Retention');
      gyreCli(s, 'profile', 'subscribers', '--project', 'Retention', '--target', 'cancelled');
    },
  });
  ({ studio, page, shot } = session);
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () => page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr');

describe('Train stage: resampling for class imbalance', () => {
  it('hints that the target is imbalanced, and previews SMOTE’s rows per class in the wizard', async () => {
    await openStage(page, studio, 'Retention', 5, /\/train$/);
    await page.getByRole('button', { name: 'Train models…' }).first().click();
    const wizard = page.getByRole('dialog', { name: 'Train models' });
    await expect.poll(() => wizard.getByRole('combobox', { name: 'Target' }).inputValue()).toBe('cancelled');
    const hint = wizard.getByRole('note', { name: 'Imbalance hint' });
    await expect.poll(() => hint.innerText()).toMatch(/^“cancelled” is imbalanced: “true” is \d+\.\d% of rows \(1 to \d+\.\d against “false”\)/);
    await wizard.getByText('SMOTE', { exact: true }).click();
    expect(await wizard.getByRole('radio', { name: 'SMOTE' }).isChecked()).toBe(true);
    await wizard.getByRole('img', { name: 'Training rows per class before and after SMOTE, estimated' }).waitFor();
    await wizard.getByRole('button', { name: /^Settings/ }).click();
    expect(await wizard.getByRole('textbox', { name: 'SMOTE neighbours' }).isDisabled()).toBe(false);
    await wizard.getByRole('heading', { name: 'Train models' }).click(); // settles the accordion before the shot
    await wizard.getByText('Class imbalance', { exact: true }).scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await shot('57-train-resample-wizard');
  });

  it('trains with SMOTE: every model but the baseline is marked on the leaderboard', async () => {
    const wizard = page.getByRole('dialog', { name: 'Train models' });
    await wizard.getByRole('button', { name: 'Start training' }).click();
    await wizard.waitFor({ state: 'hidden' });
    await expect.poll(() => rows().count(), { timeout: 90_000 }).toBe(3);
    await expect.poll(() => rows().filter({ hasText: 'SMOTE 1:1' }).count()).toBe(2);
    expect(await rows().filter({ hasText: 'Baseline' }).innerText()).not.toMatch(/SMOTE/);
  });

  it("shows the training rows per class before and after SMOTE in the run's drawer", async () => {
    await rows().filter({ hasText: 'Boosted trees' }).click();
    const drawer = page.getByRole('dialog', { name: /Gradient-boosted trees/ });
    const balance = drawer.getByRole('region', { name: 'Class balance of the training rows' });
    await balance.getByRole('img', { name: /^Training rows per class of run_\w+, before and after SMOTE$/ }).waitFor();
    expect(await balance.innerText()).toMatch(/^Class balance of the training rows\s+SMOTE to 1:1 \(minority:majority\) with k = 5 neighbours made [\d,]+ synthetic rows\. The 240 test rows were never resampled; preprocessing was fitted on the real training rows\./);
    expect(await drawer.getByRole('table', { name: 'Settings' }).innerText()).toMatch(/resample\s+smote/);
    await balance.scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await shot('58-train-resample-run');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(session.consoleErrors).toEqual([]);
  });
});
