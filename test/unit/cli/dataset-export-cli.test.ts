/** gyre dataset export as a user runs it: a version written as CSV and as Parquet, read back equal; bad targets refused. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DatasetDetail, ExportResult } from '../../../electron/contract/datasets';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

const show = (ws: string, ref: string) => JSON.parse(gyre(ws, 'dataset', 'show', ref, '--project', 'Churn', '--json').out) as DatasetDetail;

describe('gyre dataset export', () => {
  it('writes a version as CSV and as Parquet that read back as the same rows and columns', () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
    const original = show(ws, 'customers').versions[0]!;

    const csv = gyre(ws, 'dataset', 'export', 'customers@1', '--out', join(dir, 'customers.csv'), '--project', 'Churn');
    expect(csv.code, csv.err).toBe(0);
    expect(csv.out).toMatch(new RegExp(`^Wrote customers v1 to ${join(dir, 'customers.csv')}: 300 rows, [\\d.]+ MB \\(CSV\\)\\.\\n$`));
    const lines = readFileSync(join(dir, 'customers.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(original.rowCount + 1);
    expect(lines[0]!.split(',')).toEqual(original.columns.map((c) => c.name));

    const parquet = gyre(ws, 'dataset', 'export', 'customers', '--out', join(dir, 'customers.parquet'), '--project', 'Churn', '--json');
    expect(parquet.code, parquet.err).toBe(0);
    const result = JSON.parse(parquet.out) as ExportResult;
    expect(result).toMatchObject({ path: join(dir, 'customers.parquet'), format: 'parquet', rows: 300 });
    expect(result.bytes).toBe(readFileSync(join(dir, 'customers.parquet')).byteLength);

    // Both files imported again give the same schema and row count; the CSV's types are inferred the same way.
    for (const [file, name] of [['customers.csv', 'again-csv'], ['customers.parquet', 'again-parquet']] as const) {
      const again = gyre(ws, 'import', join(dir, file), '--project', 'Churn', '--name', name);
      expect(again.code, again.err).toBe(0);
      const v = show(ws, name).versions[0]!;
      expect(v.rowCount).toBe(original.rowCount);
      expect(v.columns.map((c) => [c.name, c.semanticType])).toEqual(original.columns.map((c) => [c.name, c.semanticType]));
    }
    // The exported CSV, re-exported from its import, is byte-identical: values survive the round trip.
    expect(gyre(ws, 'dataset', 'export', 'again-parquet', '--out', join(dir, 'again.csv'), '--project', 'Churn').code).toBe(0);
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toBe(readFileSync(join(dir, 'customers.csv'), 'utf8'));
  });

  it('refuses an existing file, a relative or misnamed path and a missing folder, and leaves nothing behind', () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    gyre(ws, 'import', CSV, '--project', 'Churn');
    writeFileSync(join(dir, 'taken.csv'), 'keep me');

    const taken = gyre(ws, 'dataset', 'export', 'customers', '--out', join(dir, 'taken.csv'), '--project', 'Churn');
    expect(taken.code).not.toBe(0);
    expect(taken.err).toContain(`${join(dir, 'taken.csv')} already exists; Gyre does not overwrite files`);
    expect(readFileSync(join(dir, 'taken.csv'), 'utf8')).toBe('keep me');

    const misnamed = gyre(ws, 'dataset', 'export', 'customers', '--out', join(dir, 'rows.parquet'), '--format', 'csv', '--project', 'Churn');
    expect(misnamed.err).toContain(`A CSV file's name ends in .csv; "rows.parquet" does not.`);
    const unknown = gyre(ws, 'dataset', 'export', 'customers', '--out', join(dir, 'rows.xlsx'), '--project', 'Churn');
    expect(unknown.err).toContain('Name the file .csv or .parquet, or say --format csv|parquet');
    const noFolder = gyre(ws, 'dataset', 'export', 'customers', '--out', join(dir, 'nowhere', 'rows.csv'), '--project', 'Churn');
    expect(noFolder.err).toContain(`Cannot write into ${join(dir, 'nowhere')}: that folder does not exist.`);
    const noVersion = gyre(ws, 'dataset', 'export', 'customers@9', '--out', join(dir, 'rows.csv'), '--project', 'Churn');
    expect(noVersion.err).toContain('Dataset "customers" has no version 9.');

    expect(readdirSync(dir).sort()).toEqual(['taken.csv', 'ws']);
  });
});
