/**
 * Moving a project across the air gap in the studio (Debian's Chromium against `gyre web`): export a project from
 * the home page, import the file back as a copy (the workspace already has it), and refuse a damaged file with
 * nothing imported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveExportResult } from '../../electron/contract/index';
import { gyreCli, openSession, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];
let cliArchive: ArchiveExportResult;

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 30_000,
    seed: (s) => {
      const gyre = (...args: string[]) => gyreCli(s, ...args);
      gyre('project', 'create', '--name', 'Churn', '--description', 'Which customers cancel in the next 90 days');
      gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8', '--criterion', 'accuracy>=0.6:0.75');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
      cliArchive = JSON.parse(gyre('archive', 'export', '--project', 'Churn', '--out', join(dirname(s.workspace), 'churn.gyre'), '--json')) as ArchiveExportResult;
    },
  });
  ({ studio, page, shot } = session);
}, 120_000);

afterAll(() => session?.close());

describe('Project archives in the studio', () => {
  it('exports a project for another machine from the home page', async () => {
    await page.goto(studio.url);
    await page.getByRole('button', { name: 'Export Churn for another machine' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export “Churn” for another machine' });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const written = dialog.getByRole('alert').filter({ hasText: 'Archive written' });
    await written.waitFor();
    const text = (await written.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(join(studio.workspace, 'exports', 'churn-'));
    expect(text).toMatch(/\d+ entries: 1 charter version, 1 dataset \(1 version\), 0 recipes, 0 runs/);
    await shot('94-archive-export');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('imports the file back as a copy, since this workspace already has the project', async () => {
    await page.getByRole('button', { name: 'Import project…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a project from another machine' });
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Choose a .gyre file…' }).click();
    await (await chooser).setFiles(cliArchive.path);
    const summary = dialog.getByTestId('archive-summary');
    await summary.waitFor();
    expect((await summary.innerText()).replace(/\s+/g, ' ')).toMatch(/“Churn” Exported .+ by Gyre \d+\.\d+\.\d+ · \d+ kB 1 charter version, 1 dataset \(1 version\)/);
    await dialog.getByText('This workspace already has “Churn” from this file').waitFor();
    expect(await dialog.getByRole('radio', { name: /Import as a copy/ }).isChecked()).toBe(true);
    await shot('94b-archive-import-choice');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Imported “Churn (copy)”' }).waitFor();
    await shot('94c-archive-imported');
    await dialog.getByRole('button', { name: 'Open the project' }).click();
    await page.waitForURL(/\/p\/prj_[a-z0-9]+\/overview$/);
    await page.getByRole('heading', { name: 'Churn (copy)', level: 1 }).waitFor();
  });

  it('refuses a damaged file, naming what is wrong, and imports nothing', async () => {
    const bytes = readFileSync(cliArchive.path);
    bytes[bytes.length - 4096] = bytes[bytes.length - 4096]! ^ 0x55;
    const damaged = join(dirname(studio.workspace), 'damaged.gyre');
    writeFileSync(damaged, bytes);
    // The copy opened last, so the studio reopens it: go back to the project list.
    await page.getByRole('link', { name: 'Gyre — all projects' }).click();
    await page.getByRole('button', { name: 'Open Churn (copy)' }).waitFor();
    const before = await page.getByRole('row').count();
    await page.getByRole('button', { name: 'Import project…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a project from another machine' });
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Choose a .gyre file…' }).click();
    await (await chooser).setFiles(damaged);
    await dialog.getByTestId('archive-summary').waitFor();
    await dialog.getByRole('radio', { name: /Merge/ }).check();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const refused = dialog.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/damaged/);
    await shot('94d-archive-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('row').count()).toBe(before);
    expect(session.consoleErrors).toEqual([]);
  });
});
