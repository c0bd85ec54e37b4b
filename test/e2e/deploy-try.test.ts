/**
 * Deploy's "Try it" form end to end in Debian's Chromium: a model version made with the real CLI (trained,
 * evaluated, registered) is tried with one row from a form made from its bundle schema, prefilled with a typical
 * training row; changing a category and a number scores again, and a number outside the training range is warned of.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, openStage, seedChurnModel, type Session, type Studio } from './harness';

let session: Session;
let studio: Studio;
let page: Page;
let shot: Session['shot'];

beforeAll(async () => {
  session = await openSession({
    timeoutMs: 60_000,
    seed: (s) => {
      studio = s;
      seedChurnModel(studio);
    },
  });
  ({ studio, page, shot } = session);
}, 180_000);

afterAll(() => session?.close());

describe('Deploy stage, Try it', () => {
  it('scores a prefilled row, scores again after a change, warns of a value outside the training range, and explains', async () => {
    await openStage(page, studio, 'Churn', 7, /\/deploy$/);
    await page.getByRole('table', { name: 'Model versions to export' }).getByRole('button', { name: 'Try it…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Try churn@1' });

    // Prefilled with a typical training row, each field saying what was seen in training; the row is scored at once.
    const age = dialog.getByRole('textbox', { name: 'age' });
    await expect.poll(() => age.inputValue(), { timeout: 30_000 }).toMatch(/^\d+$/);
    const seen = /^seen (\d+) – (\d+) · empty for missing$/.exec(await dialog.getByText(/^seen \d+ – \d+/).first().innerText());
    expect(seen, 'the range of age seen in training').not.toBeNull();
    const [, low, high] = seen!;
    expect(await dialog.getByRole('textbox', { name: 'signup_date' }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const result = dialog.getByTestId('try-result');
    await result.waitFor({ timeout: 30_000 });

    // A category and a number changed, then Predict.
    const city = dialog.getByRole('combobox', { name: 'city' });
    const other = (await city.inputValue()) === 'Faro' ? 'Braga' : 'Faro';
    await city.click();
    await page.getByRole('option', { name: other, exact: true }).click();
    await age.fill('30');
    await dialog.getByText('values changed: predict again').waitFor();
    await dialog.getByRole('button', { name: 'Predict' }).click();
    await dialog.getByText('values changed: predict again').waitFor({ state: 'detached' });
    const contributions = result.getByRole('table', { name: 'Contributions to the row tried' });
    await contributions.getByRole('row', { name: new RegExp(`^city ${other} `) }).waitFor();
    await contributions.getByRole('row', { name: /^age 30 / }).waitFor();
    expect(await result.getByTestId('try-prediction').innerText()).toMatch(/^(true|false)$/);
    const probabilities = await result.getByRole('list', { name: 'Probabilities' }).innerText();
    expect(probabilities).toMatch(/false\s+\d+\.\d%\s+true\s+\d+\.\d%/);
    await result.getByText(/^log-odds of churned = true: base value/).waitFor();
    console.log(`Try it: ${await result.getByText(/^scored in \d+ ms$/).innerText()}`);

    // A number outside the training range is scored, with a warning.
    await age.fill('140');
    await dialog.getByRole('button', { name: 'Predict' }).click();
    await dialog.getByTestId('try-warnings').getByText(`age 140 is outside the training range ${low} – ${high}.`).waitFor();
    await page.waitForTimeout(1000); // let the waterfall finish moving to the new contributions before the screenshot
    await shot('73-deploy-try-it');

    // A row the bundle would refuse is refused here, at the field.
    await dialog.getByRole('textbox', { name: 'signup_date' }).fill('2021-02-30');
    await dialog.getByRole('button', { name: 'Predict' }).click();
    await dialog.getByText('"signup_date": "2021-02-30" is not an ISO-8601 date', { exact: false }).first().waitFor();
  });
});
