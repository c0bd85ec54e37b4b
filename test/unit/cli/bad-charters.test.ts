/** The corpus of broken charter files: each must fail with its expected code, field and message, and save nothing. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/dispatch';
import { readCharterFile } from '../../../electron/cli/charter-flags';
import { toErrorShape } from '../../../electron/core/dispatch';
import { tempHandlers } from '../../helpers/workspace';

const DIR = fileURLToPath(new URL('../../fixtures/bad/charters/', import.meta.url));
const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as Record<string, { code: string; field?: string; message: string }>;

describe('bad charter files', () => {
  it('has an expectation for every file in the corpus', () => {
    expect(readdirSync(DIR).filter((f) => f !== 'expected.json').sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s is refused clearly', async (file, want) => {
    const { handlers } = tempHandlers();
    await dispatch(handlers, 'projects.create', { name: 'Churn' });
    let error;
    try {
      const content = readCharterFile(`${DIR}${file}`);
      const { envelope } = await dispatch(handlers, 'charters.save', { projectId: 'Churn', content, basedOnVersion: null });
      error = envelope.ok ? undefined : envelope.error;
    } catch (e) {
      error = toErrorShape(e);
    }
    expect(error, `${file} was accepted`).toBeDefined();
    expect(error!.code).toBe(want.code);
    expect(error!.message).toContain(want.message);
    if (want.field) expect(error!.details?.field).toBe(want.field);
    expect((await dispatch(handlers, 'charters.history', { projectId: 'Churn' })).envelope).toEqual({ ok: true, result: [] });
  });
});
