/**
 * The lifecycle map, end to end in Debian's Chromium: from the Help menu and Alt+L, a project made with the real CLI
 * (a charter and customers.csv imported) shows Plan and Data done and rings the stage the map's own rule picks as next;
 * a stage opens from its node; from the start page the map shows the bare cycle.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, StageStatus } from '../../electron/contract/index';
import { lifecycleNext } from '../../renderer/src/components/lifecycle/lifecycleNext';
import { gyreCli, openSession, type Session, type Studio } from './harness';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

let session: Session;
let studio: Studio;
let page: Page;

beforeAll(async () => {
  session = await openSession({
    seed: (s) => {
      const gyre = (...args: string[]) => gyreCli(s, ...args);
      gyre('project', 'create', '--name', 'Churn');
      gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8');
      gyre('import', `${FIXTURES}data/customers.csv`, '--project', 'Churn');
    },
  });
  ({ studio, page } = session);
}, 120_000);

afterAll(() => session?.close());

const dialog = () => page.getByRole('dialog', { name: 'Lifecycle map' });
const nodes = () => dialog().getByRole('list', { name: 'Lifecycle map' }).getByRole('listitem');

/** The project's stage states, asked of the studio as the page asks it. */
async function stageStatuses(projectId: string): Promise<StageStatus[]> {
  const envelope = await page.evaluate(async (id) => {
    const res = await fetch('/api/call/stages.status', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ projectId: id }) });
    return (await res.json()) as Envelope<StageStatus[]>;
  }, projectId);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.result;
}

/** No two stages' boxes overlap, and each lies inside the dialog. */
async function expectLegible(): Promise<void> {
  const frame = await dialog().boundingBox();
  const boxes = await Promise.all((await nodes().all()).map(async (n) => (await n.boundingBox())!));
  expect(boxes).toHaveLength(8);
  for (const [i, a] of boxes.entries()) {
    expect(a.x).toBeGreaterThanOrEqual(frame!.x);
    expect(a.x + a.width).toBeLessThanOrEqual(frame!.x + frame!.width);
    for (const b of boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart).toBe(true);
    }
  }
}

describe('The lifecycle map', () => {
  it('opens from the Help menu with Plan done and the next stage ringed, as the rule says', async () => {
    await page.goto(studio.url);
    await page.getByRole('button', { name: 'Open Churn' }).click();
    await page.waitForURL(/\/p\/prj_[a-z0-9]+\/overview$/);
    const projectId = /\/p\/([^/]+)\/overview$/.exec(page.url())![1]!;

    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: /^Lifecycle map/ }).click();
    await dialog().waitFor();
    await expect.poll(() => nodes().count()).toBe(8);
    expect(await dialog().getByRole('link', { name: /^Plan: Done\. Charter version 1 with 1 success criterion/ }).count()).toBe(1);
    expect(await dialog().getByRole('link', { name: /^Data: Done\./ }).count()).toBe(1);

    const expected = lifecycleNext(await stageStatuses(projectId))!;
    // A charter and a dataset without a profile: Explore is where to go next.
    expect(expected.stage).toBe('explore');
    const ringed = dialog().locator('li[data-next]');
    expect(await ringed.count()).toBe(1);
    expect(await ringed.getAttribute('data-stage')).toBe(expected.stage);
    expect(await ringed.innerText()).toMatch(/next/i);
    expect(await dialog().getByRole('link', { name: /^Explore: In progress — next\./ }).count()).toBe(1);
    const panel = (await dialog().getByTestId('lifecycle-next').innerText()).replace(/\s+/g, ' ');
    expect(panel).toMatch(/2 of 8 stages done Next: Explore Data is ready: compute a profile/i);
    await expectLegible();
    await session.shot('93-lifecycle-map');
  });

  it('opens a stage from its node and closes', async () => {
    await dialog().getByRole('link', { name: /^Explore:/ }).click();
    await page.waitForURL(/\/explore$/);
    await dialog().waitFor({ state: 'hidden' });
  });

  it('opens with Alt+L anywhere in the project, and stays legible in a 900 px window', async () => {
    await page.setViewportSize({ width: 900, height: 800 });
    await page.keyboard.press('Alt+L');
    await dialog().waitFor();
    await expect.poll(() => nodes().count()).toBe(8);
    await expectLegible();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('offers the tour and the keyboard shortcuts, which list Alt+L', async () => {
    // The tour is not built yet: what it will listen for is the window event the menu item sends.
    await page.evaluate(`window.addEventListener('gyre:tour', () => document.body.setAttribute('data-tour-asked', 'yes'), { once: true })`);
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: 'Take the tour' }).click();
    expect(await page.locator('body').getAttribute('data-tour-asked')).toBe('yes');

    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: /^Keyboard shortcuts/ }).click();
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect((await shortcuts.innerText()).replace(/\s+/g, ' ')).toMatch(/Alt \+ L Lifecycle map/);
    await page.keyboard.press('Escape');
    await shortcuts.waitFor({ state: 'hidden' });
  });

  it('shows the bare cycle from the start page: what each stage is for, no states', async () => {
    // The start page reopens the last project; the header's name leads to all projects.
    await page.getByRole('link', { name: 'Gyre — all projects' }).click();
    await page.getByRole('button', { name: 'Open Churn' }).waitFor();
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: /^Lifecycle map/ }).click();
    await dialog().waitFor();
    await expect.poll(() => nodes().count()).toBe(8);
    expect(await dialog().getByRole('link').count()).toBe(0);
    expect(await dialog().locator('li[data-next], li[data-state]').count()).toBe(0);
    expect((await nodes().first().innerText()).replace(/\s+/g, ' ')).toBe('1 Plan What problem, and what counts as success?');
    expect((await nodes().last().innerText()).replace(/\s+/g, ' ')).toBe('8 Monitor Is it still working?');
    await expectLegible();
    await session.shot('93b-lifecycle-map-home');
    expect(session.consoleErrors).toEqual([]);
  });
});
