/**
 * Labeling end to end in Debian's Chromium, driven by the keyboard: a partly labeled column of a dataset imported
 * with the real CLI is labeled with 1/2, S skips, Ctrl+Z and U undo; once there are enough labels the model ranks the
 * rows in the background and says why it offers one; a second labeler labels the same rows for agreement; the labels
 * are exported as a new dataset version whose lineage and rows the CLI then reads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDetail, LabelExportResult } from '../../electron/contract/index';
import { ticketsCsv, type LabelingData } from '../helpers/labeling';
import { gyreCli, openSession, openStage, type Session, type Studio } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'gyre-e2e-labeling-'));
let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];
let data: LabelingData;

beforeAll(async () => {
  data = ticketsCsv(300, dir);
  session = await openSession({
    timeoutMs: 30_000,
    seed: (s) => {
      gyreCli(s, 'project', 'create', '--name', 'Tickets');
      gyreCli(s, 'import', data.file, '--project', 'Tickets');
    },
  });
  ({ studio, page, shot } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const progressText = () => page.getByTestId('labeling-progress').innerText();
const why = () => page.getByTestId('labeling-why');
/** The row on screen, 0-based, from the "Row N — why this row" heading. */
async function currentRow(): Promise<number> {
  const text = await why().innerText();
  const m = /Row ([\d,]+) — why this row/.exec(text);
  if (!m) throw new Error(`No row number in: ${text}`);
  return Number(m[1]!.replace(/,/g, '')) - 1;
}
/** Presses a key and waits until another row is on screen. */
async function press(key: string): Promise<number> {
  const before = await currentRow();
  await page.keyboard.press(key);
  await expect.poll(currentRow).not.toBe(before);
  return currentRow();
}

describe('Labeling, end to end', () => {
  it('labels with the keyboard, skips and undoes, and the model ranks the rows once there are enough labels', async () => {
    await openStage(page, studio, 'Tickets', 4, /\/prepare$/);
    await page.getByRole('tab', { name: 'Labeling' }).click();
    const who = page.getByRole('region', { name: 'Who is labeling' });
    await who.getByLabel('Your name as a labeler').fill('ana');
    await who.getByRole('button', { name: 'Continue' }).click();

    const start = page.getByRole('region', { name: 'Label a column' });
    await start.getByRole('combobox', { name: 'Column to label' }).click();
    await page.getByRole('option', { name: 'churned (categorical)' }).click();
    await start.getByLabel('The model starts after').fill('16');
    await start.getByLabel('…and ranks again every').fill('3');
    await shot('47-prepare-labeling-start');
    await start.getByRole('button', { name: 'Start labeling' }).click();

    await expect.poll(progressText).toContain('12 of 300 rows labeled (4.0%): 12 from the data, 0 by people');
    expect(await why().innerText()).toContain('Picked at random (a seeded order): the model ranks the rows once there are 16 labels in at least two classes — 12 so far.');
    const card = page.getByRole('region', { name: 'Row to label' });
    expect(await card.innerText()).toMatch(/note\s+text\s+Customer \d+ wrote: /);
    await shot('47b-prepare-labeling-row');

    // 1 and 2 label; S skips; Ctrl+Z brings the skipped row back; U undoes a label.
    const first = await currentRow();
    await press('1');
    await expect.poll(progressText).toContain('13 of 300 rows labeled');
    await press('2');
    await expect.poll(progressText).toContain('14 of 300 rows labeled');
    const skipped = await currentRow();
    await press('s');
    await expect.poll(() => page.getByTestId('labeling-queue').innerText()).toContain('(1 skipped, at the end)');
    await page.keyboard.press('Control+z');
    await expect.poll(currentRow).toBe(skipped);
    expect(await card.innerText()).toContain(`Undone: your skip of row ${skipped + 1}.`);
    await press('1');
    await expect.poll(progressText).toContain('15 of 300 rows labeled');
    await page.keyboard.press('u');
    await expect.poll(currentRow).toBe(skipped);
    await expect.poll(progressText).toContain('14 of 300 rows labeled');
    expect(await card.innerText()).toContain(`Undone: your label “churn” of row ${skipped + 1}.`);
    expect(first).not.toBe(skipped);

    // Two more labels make 16: the model trains in the background and ranks the unlabeled rows.
    await press('2');
    await press('1');
    await expect.poll(progressText).toContain('16 of 300 rows labeled');
    const model = page.getByTestId('labeling-model');
    await expect.poll(() => model.innerText(), { timeout: 60_000 }).toMatch(/Ranked 284 rows by uncertainty \(margin between the two likeliest classes\), logistic regression on 16 labels/);
    // The row on screen stays; the rows after it come in the model's order.
    let text = '';
    for (let i = 0; i < 4 && !text.includes('The model is unsure'); i++) {
      await press(i % 2 ? '1' : '2');
      text = await why().innerText();
    }
    expect(text).toMatch(/The model is unsure: \d+% (churn|stay) vs \d+% (churn|stay) \(ranked \d+(st|nd|rd|th) of \d+ by uncertainty; model trained on \d+ labels \(12 from the data\) at /);
    const perClass = await page.getByTestId('labeling-classes').innerText();
    expect(perClass).toMatch(/churn \d+\s+■ stay \d+/);
    await shot('48-prepare-labeling-uncertain');
  });

  it('a second labeler labels the same rows; agreement and the export follow', async () => {
    await page.getByRole('button', { name: 'Change' }).click();
    const rename = page.getByRole('dialog', { name: 'Who is labeling?' });
    await rename.getByLabel('Your name as a labeler').fill('ben');
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('labeling-queue').innerText()).toContain('labeling as ben');

    await page.getByText('Labeled by others', { exact: true }).click();
    await expect.poll(() => why().innerText()).toContain('For a second opinion: ana labeled this row. Their labels are hidden');
    expect(await page.getByRole('region', { name: 'Row to label' }).innerText()).toContain('labeled by one person (hidden)');
    await press('1');
    await press('2');
    await press('1');
    const agreement = page.getByRole('table', { name: 'Agreement between labelers' });
    await expect.poll(() => agreement.innerText()).toMatch(/ana · ben\s+3\s+/);
    await shot('48b-prepare-labeling-agreement');

    await page.getByRole('button', { name: 'Export as a dataset version…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the labels as a dataset version' });
    await dialog.getByRole('button', { name: 'Export' }).click();
    const done = dialog.getByTestId('labels-exported');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.innerText()).toMatch(/tickets-labeled v1: 300 rows, \d+ labeled by ana, ben/);
    await shot('49-prepare-labeling-exported');

    // The new version, read by the CLI: lineage to the source, and the labels in its rows.
    const detail = JSON.parse(gyreCli(studio, 'dataset', 'show', 'tickets-labeled', '--project', 'Tickets', '--json')) as DatasetDetail;
    const source = JSON.parse(gyreCli(studio, 'dataset', 'show', 'tickets', '--project', 'Tickets', '--json')) as DatasetDetail;
    const v = detail.versions[0]!;
    expect(v.parentIds).toEqual([source.versions[0]!.id]);
    expect(v.operation).toMatch(/^labels by ana, ben \(\d+ labels, \d+ rows\) into churned/);
    const csv = join(dir, 'labeled.csv');
    gyreCli(studio, 'dataset', 'export', 'tickets-labeled', '--out', csv, '--project', 'Tickets');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(301);
    const churned = lines.slice(1).filter((l) => /,(churn|stay),[^,]*$/.test(l)).length;
    const labeled = Number(/(\d+) of 300 rows labeled/.exec(await progressText())![1]);
    expect(churned).toBe(labeled);

    // The same from a terminal: the sessions, and one labeler's labels of the labeled rows only.
    expect(gyreCli(studio, 'labels', 'list', '--project', 'Tickets')).toMatch(new RegExp(`tickets@1\\s+churned\\s+${labeled} of 300\\s+\\d+\\s+ana, ben`));
    const ana = JSON.parse(gyreCli(studio, 'labels', 'export', 'tickets@1', '--target', 'churned', '--labeler', 'ana', '--only-labeled', '--name', 'tickets-ana', '--project', 'Tickets', '--json')) as LabelExportResult;
    expect(ana).toMatchObject({ datasetName: 'tickets-ana', version: 1, rows: labeled, labelers: ['ana'], conflicts: 0 });
    expect(() => gyreCli(studio, 'labels', 'export', 'tickets', '--target', 'vip', '--project', 'Tickets')).toThrow('No one has labeled "vip" of tickets v1 (its labeled columns: churned); label it on the Prepare stage first.');
    expect(session.consoleErrors).toEqual([]);
  });
});
