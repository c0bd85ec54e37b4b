/** gyre evaluate and gyre evaluations as a user runs them: real processes, workspace, worker and onnxruntime. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvaluationDetail } from '../../../electron/contract/evaluations';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre evaluate and gyre registry', () => {
  it('evaluates a run on its test rows, prints the report or its JSON, lists evaluations, and registers and promotes it', () => {
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

    // The registry: register, promote behind the gate, evaluate by NAME@VERSION, list and show.
    expect(gyre(ws, 'registry', 'register', run!.id, '--name', 'churn').out).toBe(`Registered run ${run!.id} as churn@1 (candidate).\n`);
    const passed = evaluation.passed;
    const promote = gyre(ws, 'registry', 'promote', 'churn@1', '--stage', 'production', '--project', 'Churn');
    if (passed) expect(promote.out).toBe('churn@1 is now in production.\n');
    else expect(promote.err).toContain('does not pass the success gate');
    const forced = gyre(ws, 'registry', 'promote', 'churn@1', '--stage', 'staging', '--reason', 'Review first', '--project', 'Churn');
    expect(forced.code, forced.err).toBe(0);
    const byName = gyre(ws, 'evaluate', 'churn@1', '--project', 'Churn', '--resamples', '100', '--repeats', '1', '--json');
    expect(byName.code, byName.err).toBe(0);
    expect((JSON.parse(byName.out) as EvaluationDetail).runId).toBe(run!.id);
    expect(gyre(ws, 'registry', 'list', '--project', 'Churn').out).toMatch(/churn@1\s+staging\s+gbdt/);
    const show = gyre(ws, 'registry', 'show', 'churn', '--project', 'Churn');
    expect(show.out).toContain('churn@1: staging · gbdt predicting churned');
    expect(show.out).toMatch(/lineage: Charter v1 → customers v1 → stratified split → gbdt · run_\w+/);
    const missing = gyre(ws, 'registry', 'show', 'churn@4', '--project', 'Churn');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('churn has no version "4" (it has 1).');
  }, 120_000);
});
