/** gyre shadow as a user runs it: two versions compared on a dataset version, printed and as JSON; a missing source refused. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ShadowRecord } from '../../../electron/contract/shadow';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre shadow', () => {
  it('compares a candidate with production on a dataset version', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    gyre(ws, 'import', CSV, '--project', 'Churn');
    const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt,linear', '--trees', '10', '--json');
    expect(train.code, train.err).toBe(0);
    const runs = JSON.parse(train.out) as { id: string; model: string }[];
    for (const model of ['gbdt', 'linear']) expect(gyre(ws, 'registry', 'register', runs.find((r) => r.model === model)!.id, '--name', 'churn').code).toBe(0);

    const printed = gyre(ws, 'shadow', 'churn@1', 'churn@2', '--dataset', 'customers', '--project', 'Churn');
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out).toMatch(/^shadow report shd_[0-9a-f]+: churn@2 beside churn@1 on customers v1 \(300 rows\) \(shadow, 300 rows\)\n/);
    expect(printed.out).toMatch(/\nagreement: \d+\.\d% \(\d+ of 300: the same predicted label\); candidate errors: 0\n/);
    expect(printed.out).toContain('note: churn@1 was trained on customers v1 (300 rows)');
    expect(printed.out).toMatch(/accuracy\s+0\.\d+\s+0\.\d+/);

    const json = gyre(ws, 'shadow', 'churn@1', 'churn@2', '--dataset', 'customers@1', '--project', 'Churn', '--json');
    expect(json.code, json.err).toBe(0);
    const record = JSON.parse(json.out) as ShadowRecord;
    expect(record).toMatchObject({ production: 'churn@1', candidate: 'churn@2', mode: 'shadow', rows: 300, report: { outcomes: { matched: 300 } } });

    const neither = gyre(ws, 'shadow', 'churn@1', 'churn@2', '--project', 'Churn');
    expect(neither.code).toBe(1);
    expect(neither.err).toContain('Say what to compare on: --dataset NAME[@VERSION] or --log FILE (one of the two).');
  });
});
