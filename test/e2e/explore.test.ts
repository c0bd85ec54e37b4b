/**
 * The Explore stage end to end: a dataset imported with the real CLI into the studio's workspace, its profile
 * computed as a job from the page, then histograms, an alert and the target analysis — in Debian's Chromium.
 */
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
    timeoutMs: 20_000,
    seed: (s) => {
      studio = s;
      gyre('project', 'create', '--name', 'Churn');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
    },
  });
  ({ studio, page, shot } = session);
});

afterAll(() => session?.close());

describe('Explore stage, end to end', () => {
  it('computes the profile of the latest version as a job started from the page', async () => {
    await openStage(page, studio, 'Churn', 3, /\/explore$/);
    expect(await page.getByRole('combobox', { name: 'Dataset' }).inputValue()).toBe('customers');
    await page.getByRole('button', { name: 'Compute profile' }).click();
    await page.getByRole('region', { name: 'Overview' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Overview' }).innerText()).toMatch(/300/);
  });

  it('shows a histogram for a numeric column and the identifier alert', async () => {
    await page.getByRole('button', { name: 'Show column age' }).click();
    await page.getByRole('img', { name: 'Histogram of age' }).waitFor();
    await page.getByRole('region', { name: 'Alerts' }).getByTestId('alert-identifier').waitFor();
    await page.getByRole('button', { name: 'Show column city' }).click();
    await page.getByRole('img', { name: 'Most frequent values of city' }).waitFor();
    await shot('40-explore-profile');
  });

  it('relates every feature to a chosen target, with class balance and box plots', async () => {
    await page.getByRole('combobox', { name: 'Target column' }).click();
    await page.getByRole('option', { name: 'churned', exact: true }).click();
    const compute = page.getByRole('button', { name: 'Compute profile' });
    if (await compute.isVisible()) await compute.click();
    await page.getByRole('img', { name: 'Class balance of churned' }).waitFor();
    await page.getByRole('img', { name: 'Relation of each column to churned' }).waitFor();
    await page.getByRole('img', { name: /^Box plot of .* by churned$/ }).first().waitFor();
    await shot('41-explore-target');
  });

  it('switches the correlation heatmap between methods, in the dark theme too', async () => {
    await page.getByRole('region', { name: 'Correlations' }).getByText('Spearman').click();
    await page.getByRole('img', { name: /^Spearman correlation heatmap/ }).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('region', { name: 'Correlations' }).getByText('Cramér’s V').click();
    await page.getByRole('img', { name: /^Cramér’s V correlation heatmap/ }).waitFor();
    await shot('42-explore-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('agrees with `gyre profile`, which reuses the cached profile', () => {
    const profile = JSON.parse(gyre('profile', 'customers', '--project', 'Churn', '--target', 'churned', '--json'));
    expect(profile.target.column).toBe('churned');
    expect(profile.overview.rows).toBe(300);
  });

  it('logged no errors in the page', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
