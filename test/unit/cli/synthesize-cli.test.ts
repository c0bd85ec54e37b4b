/** gyre synthesize as a user runs it: a synthetic version printed with its quality summary and as JSON; bad counts refused. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SyntheticRecord } from '../../../electron/contract/synthetic';
import { runGyre as gyre } from '../../helpers/cli';
import { tempDir } from '../../helpers/workspace';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre synthesize', () => {
  it('generates a synthetic version and prints its quality summary', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    gyre(ws, 'import', CSV, '--project', 'Churn');

    const printed = gyre(ws, 'synthesize', 'customers', '--rows', '400', '--seed', '7', '--project', 'Churn');
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out).toMatch(/^synthetic customers-synthetic v1: 400 rows from customers v1 \(Gaussian copula, seed 7\)\nverdict: (good|fair|poor) — /);
    expect(printed.out).toMatch(/\nmonthly_spend\s+KS\s+0\.\d{3}\s+5\.0%\s+\d+\.\d%\n/);
    expect(printed.out).toMatch(/\ncity\s+total variation\s+0\.\d{3}\s+0\.0%\s+0\.0%\n/);
    expect(printed.out).toContain('customer_id: An identifier: new values are generated, never the real ones.');
    expect(printed.out).toMatch(/\ndiscriminator ROC AUC: 0\.\d{3} \(0\.5: cannot tell real from synthetic\)\n/);
    expect(printed.out).toContain('exact copies of real rows: 0 (found 0, drawn again 0, left out 0)');

    const json = gyre(ws, 'synthesize', 'customers@1', '--rows', '50', '--name', 'shareable', '--project', 'Churn', '--json');
    expect(json.code, json.err).toBe(0);
    const record = JSON.parse(json.out) as SyntheticRecord;
    expect(record).toMatchObject({ datasetName: 'shareable', version: 1, rows: 50, seed: 42, sourceLabel: 'customers v1', report: { rowsGenerated: 50 } });
    expect(JSON.parse(gyre(ws, 'dataset', 'show', 'shareable', '--project', 'Churn', '--json').out)).toMatchObject({ versions: [{ operation: 'synthetic (Gaussian copula, seed 42) of customers v1' }] });

    const none = gyre(ws, 'synthesize', 'customers', '--rows', '0', '--project', 'Churn');
    expect(none.code).toBe(1);
    expect(none.err).toBe('gyre: Invalid input to synthetic.generate — rows: Generate at least one row. (VALIDATION)\n');
  });
});
