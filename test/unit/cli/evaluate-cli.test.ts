/** gyre evaluate and gyre evaluations as a user runs them: real processes, workspace, worker and onnxruntime. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvaluationDetail } from '../../../electron/contract/evaluations';
import { tempDir } from '../../helpers/workspace';

const BIN = fileURLToPath(new URL('../../../bin/gyre.mjs', import.meta.url));
const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

function gyre(workspace: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dirname(workspace), env: { ...process.env, GYRE_WORKSPACE: workspace } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('gyre evaluate', () => {
  it('evaluates a run on its test rows, prints the report or its JSON, and lists evaluations', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    gyre(ws, 'charter', 'set', '--project', 'Churn', '--problem', 'Churn.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
    const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--json');
    expect(train.code, train.err).toBe(0);
    const [run] = JSON.parse(train.out) as { id: string; metrics: Record<string, number> }[];

    const json = gyre(ws, 'evaluate', run!.id.slice(0, 10), '--resamples', '200', '--repeats', '2', '--sensitive', 'plan', '--json');
    expect(json.code, json.err).toBe(0);
    const evaluation = JSON.parse(json.out) as EvaluationDetail;
    expect(evaluation.report.metrics.rocAuc!.value).toBe(run!.metrics.rocAuc);
    expect(evaluation.report.fairness.map((f) => f.column)).toEqual(['plan']);

    const text = gyre(ws, 'evaluate', run!.id, 'customers@1', '--rows', 'all', '--resamples', '100', '--repeats', '1');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('on all 300 rows with a target in customers v1');
    expect(text.out).toMatch(/ROC AUC\s+\d\.\d+\s+\d\.\d+ – \d\.\d+\s+0\.6\s+0\.8\s+(target|acceptable|fail)/);
    expect(text.out).toMatch(/success gate: (PASSED|NOT PASSED)/);
    expect(text.out).toMatch(/rocAuc\s+\d\.\d+\s+\d\.\d+ – \d\.\d+/);

    const list = gyre(ws, 'evaluations', '--project', 'Churn');
    expect(list.out.trim().split('\n')).toHaveLength(3);
    const bad = gyre(ws, 'evaluate', run!.id, '--rows', 'some');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--rows some: choose test or all.');
  }, 120_000);
});
