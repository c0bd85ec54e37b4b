/** gyre tune and gyre studies as a user runs them: real processes, workspace, worker threads and onnxruntime. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../electron/cli/duration';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre tune', () => {
  it('tunes by halving, prints the best trials, the best configuration and its run; lists the study; refuses a bad budget', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
    const space = JSON.stringify({ trees: { type: 'int', low: 5, high: 20 } });
    const tuned = gyre(ws, 'tune', 'customers@1', '--project', 'Churn', '--target', 'churned', '--model', 'gbdt', '--trials', '9', '--seed', '4', '--space', space);
    expect(tuned.code, tuned.err).toBe(0);
    // 300 rows: 240 train, 48 of them validate; 192 train the trials, 64 on rung 0; 3 of 9 promoted to rung 1.
    expect(tuned.out).toMatch(/^study st_\w+: gbdt \(halving\), log_loss \(lower is better\), seed 4; 12 trials: 6 completed, 6 pruned, 0 failed$/m);
    expect(tuned.out).toMatch(/^best: trial \d+, validation log_loss 0\.\d+: trees=\d+ depth=\d+ learningRate=[\d.]+ minLeaf=\d+$/m);
    expect(tuned.out).toMatch(/\n\d+\s+1\s+192\s+0\.\d+/);
    expect(tuned.out).toMatch(/run_\w+\s+gbdt\s+\d\.\d{4}/);
    const json = gyre(ws, 'tune', 'customers', '--project', 'Churn', '--target', 'churned', '--model', 'tree', '--strategy', 'random', '--trials', '3', '--metric', 'roc_auc', '--json');
    expect(json.code, json.err).toBe(0);
    const detail = JSON.parse(json.out) as { study: { metric: string; direction: string }; trials: unknown[]; run: { model: string; details: { study: string } } };
    expect(detail.study).toMatchObject({ metric: 'roc_auc', direction: 'higher' });
    expect(detail.trials).toHaveLength(3);
    expect(detail.run.model).toBe('tree');
    const list = gyre(ws, 'studies', '--project', 'Churn');
    expect(list.out).toMatch(/st_\w+\s+tree\s+random\s+roc_auc\s+3\s+succeeded\s+run_\w+/);
    const bad = gyre(ws, 'tune', 'customers', '--project', 'Churn', '--target', 'churned', '--model', 'gbdt', '--budget', 'soon');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--budget soon: give a time like 90s, 5m or 1h30m.');
  });

  it('reads budgets as people write them', () => {
    expect([parseDuration('90s'), parseDuration('5m'), parseDuration('1h30m'), parseDuration('45')]).toEqual([90, 300, 5400, 45]);
    expect(() => parseDuration('5 minutes')).toThrow('--budget 5 minutes: give a time like 90s, 5m or 1h30m.');
  });
});
