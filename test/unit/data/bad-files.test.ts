/** The corpus of awkward and broken files: each is refused with its expected sentence, or repaired as expected. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../electron/contract/datasets';
import { GyreError } from '../../../electron/contract/errors';
import { withDuck } from '../../../electron/data/duck';
import { previewImport } from '../../../electron/data/importer';

const DIR = fileURLToPath(new URL('../../fixtures/bad/data/', import.meta.url));

interface Expectation {
  error?: { code: string; message: string; row?: number; column?: string };
  ok?: { columns?: string[]; types?: string[]; warnings?: string[]; rows?: unknown[][]; encoding?: string; columnCount?: number };
}
const expected = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as Record<string, Expectation>;

describe('bad and awkward data files', () => {
  it('has an expectation for every file in the corpus', () => {
    expect(readdirSync(DIR).filter((f) => f !== 'expected.json').sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', async (file, want) => {
    let preview: ImportPreview | undefined;
    let error: GyreError | undefined;
    try {
      preview = await withDuck((duck) => previewImport(duck, `${DIR}${file}`, file, file, {}));
    } catch (e) {
      if (!(e instanceof GyreError)) throw e;
      error = e;
    }
    if (want.error) {
      expect(error, `${file} was accepted`).toBeDefined();
      expect(error!.code).toBe(want.error.code);
      expect(error!.message).toContain(want.error.message);
      expect(error!.message).not.toContain(DIR);
      expect(error!.details?.file).toBe(file);
      if (want.error.row !== undefined) expect(error!.details?.row).toBe(want.error.row);
      return;
    }
    expect(error, error?.message).toBeUndefined();
    const ok = want.ok!;
    if (ok.columns) expect(preview!.columns.map((c) => c.name)).toEqual(ok.columns);
    if (ok.types) expect(preview!.columns.map((c) => c.semanticType)).toEqual(ok.types);
    if (ok.warnings) expect(preview!.warnings).toEqual(ok.warnings);
    if (ok.rows) expect(preview!.rows).toEqual(ok.rows);
    if (ok.encoding) expect(preview!.csv?.encoding).toBe(ok.encoding);
    if (ok.columnCount) expect(preview!.columns).toHaveLength(ok.columnCount);
  });
});

describe('CSV dialect overrides', () => {
  it('reads single-quoted fields when told the quote character', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/gyre-quote-`)}/single.csv`;
    writeFileSync(file, "a,b\n1,'x,y'\n2,z\n");
    const preview = await withDuck((duck) => previewImport(duck, file, 'single.csv', 'single.csv', { csv: { quote: "'" } }));
    expect(preview.rows).toEqual([[1, 'x,y'], [2, 'z']]);
    expect(preview.csv?.quote).toBe("'");
  });
});
