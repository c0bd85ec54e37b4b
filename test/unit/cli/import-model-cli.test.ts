/** gyre import-model as a user runs it: real processes, workspace, worker and onnxruntime. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../electron/contract/runs';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));
const external = (name: string) => fileURLToPath(new URL(`../../fixtures/ml/external/${name}`, import.meta.url));

describe('gyre import-model', () => {
  it('shows the proposal, imports with an explicit mapping, and refuses a ZipMap model in a sentence', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);

    const inspect = gyre(ws, 'import-model', external('logistic.onnx'), '--dataset', 'customers', '--project', 'Churn', '--inspect');
    expect(inspect.code, inspect.err).toBe(0);
    expect(inspect.out).toContain('produced by gyre-test-fixture skl2onnx-1.16-layout');
    expect(inspect.out).toContain('--map float_input=age,float_input=monthly_spend');
    expect(inspect.out).toContain('--class-labels false,true');

    const done = gyre(ws, 'import-model', external('regression.onnx'), '--dataset', 'customers@1', '--project', 'Churn', '--target', 'age', '--map', 'monthly_spend=monthly_spend,PLAN=plan', '--name', 'sklearn age', '--json');
    expect(done.code, done.err).toBe(0);
    const run = JSON.parse(done.out) as Run;
    expect(run).toMatchObject({ model: 'imported', task: 'regression', params: { name: 'sklearn age' } });

    const text = gyre(ws, 'import-model', external('logistic.onnx'), '--dataset', 'customers', '--project', 'Churn', '--target', 'churned');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('scored on 300 rows; float_input ← age, monthly_spend');

    const refused = gyre(ws, 'import-model', external('zipmap.onnx'), '--dataset', 'customers', '--project', 'Churn', '--target', 'churned');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("zipmap.onnx: the output \"output_probability\" is a sequence of maps");
    const badMap = gyre(ws, 'import-model', external('logistic.onnx'), '--dataset', 'customers', '--project', 'Churn', '--target', 'churned', '--map', 'float_input');
    expect(badMap.err).toContain('--map "float_input" is not of the form INPUT=COLUMN.');
  });
});
