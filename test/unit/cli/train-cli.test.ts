/** gyre train, export-onnx and predict as a user runs them: real processes, workspace, onnxruntime and files. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

/** Run from the workspace's parent folder, not the repository: the command and its workers must not depend on the working directory. */
function trained() {
  const dir = tempDir();
  const ws = join(dir, 'ws');
  gyre(ws, 'project', 'create', '--name', 'Churn');
  expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
  const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'baseline', '--seed', '7', '--json');
  expect(train.code, train.err).toBe(0);
  const [run] = JSON.parse(train.out) as { id: string; metrics: Record<string, number> }[];
  return { dir, ws, run: run! };
}

describe('gyre train / export-onnx / predict', () => {
  it('trains, prints the run table, and refuses a bad --split with the forms it accepts', () => {
    const { ws, run } = trained();
    expect(run.metrics.rocAuc).toBe(0.5);
    const table = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'baseline', '--split', 'time:signup_date:0.25');
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(/split time: 225 train \/ 75 test rows/);
    expect(table.out).toMatch(/run_\w+\s+baseline\s+0\.5000/);
    const bad = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--split', 'sideways');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--split "sideways" is not one of stratified:0.2, random:0.2, group:COLUMN:0.2');
  });

  it('resamples the training rows with --resample, says how, and refuses a spec it cannot read', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
    const resampled = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'baseline,linear', '--resample', 'oversample:0.8');
    expect(resampled.code, resampled.err).toBe(0);
    expect(resampled.out).toMatch(/Training rows resampled \(not the baseline's\), Oversampled 1:1\.25: false 156 → 156, true 84 → 124/);
    const refused = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--resample', 'smote:2');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--resample smote:2: write smote, oversample, undersample, optionally :RATIO');
  });

  it('scores a file with the run and with its exported file alike, appending label and class probabilities', () => {
    const { dir, ws, run } = trained();
    const byRun = join(dir, 'by-run.csv');
    const scored = gyre(ws, 'predict', run.id, CSV, '--out', byRun);
    expect(scored.code, scored.err).toBe(0);
    expect(scored.out).toContain('Scored 300 rows');
    expect(scored.out).toContain('copied as they were: customer_id, churned');
    const lines = readFileSync(byRun, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,age,monthly_spend,city,plan,signup_date,churned,predicted_label,probability_false,probability_true');
    expect(lines).toHaveLength(301);
    const onnx = join(dir, 'model.onnx');
    expect(gyre(ws, 'export-onnx', run.id, '--out', onnx).code).toBe(0);
    const byFile = join(dir, 'by-file.csv');
    expect(gyre(ws, 'predict', onnx, CSV, '--out', byFile).code).toBe(0);
    expect(readFileSync(byFile, 'utf8')).toBe(readFileSync(byRun, 'utf8'));
  });

  it('names missing columns and the line of an unreadable value, and leaves no output file', () => {
    const { dir, ws, run } = trained();
    const out = join(dir, 'out.csv');
    const lacking = join(dir, 'lacking.csv');
    writeFileSync(lacking, 'age,monthly_spend,city\n30,12.5,Porto\n');
    const missing = gyre(ws, 'predict', run.id, lacking, '--out', out);
    expect(missing.err).toContain('lacking.csv lacks columns the model needs: "plan", "signup_date".');
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'age,monthly_spend,city,plan,signup_date\n30,12.5,Porto,pro,2024-01-01\nthirty,1,Faro,basic,2024-02-02\n');
    const unreadable = gyre(ws, 'predict', run.id, wrong, '--out', out);
    expect(unreadable.err).toContain('wrong.csv, line 3, column "age": "thirty" is not a number.');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    // Past DuckDB's first chunks, with the next one already being read when the value fails.
    const late = join(dir, 'late.csv');
    const good = Array.from({ length: 5000 }, (_, i) => `${20 + (i % 50)},${i % 90}.5,Porto,pro,2024-01-01`);
    writeFileSync(late, ['age,monthly_spend,city,plan,signup_date', ...good, '41,7,Faro,basic,not a date', ...good].join('\n') + '\n');
    const failed = gyre(ws, 'predict', run.id, late, '--out', out);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('late.csv, line 5002, column "signup_date": "not a date" is not a date.');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('saves where onnxruntime runs, and trains an MLP there with balanced class weights', () => {
    const { ws } = trained();
    const shown = gyre(ws, 'compute');
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('provider: auto (default: CUDA when installed, else CPU)');
    expect(shown.out).toMatch(/cpu\s+yes\s+Always there/);
    const saved = gyre(ws, 'compute', '--provider', 'cpu', '--json');
    expect(JSON.parse(saved.out)).toMatchObject({ provider: 'cpu', source: 'setting' });
    expect(gyre(ws, 'compute', '--provider', 'tpu').err).toContain('--provider tpu: choose auto, cpu, cuda, webgpu.');
    const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'mlp', '--hidden', '8,4', '--epochs', '20', '--class-weight', 'balanced', '--json');
    expect(train.code, train.err).toBe(0);
    const [run] = JSON.parse(train.out) as { model: string; params: Record<string, unknown>; details: { provider: string; providerNote: string | null } }[];
    expect(run!.model).toBe('mlp');
    expect(run!.params).toMatchObject({ hidden: [8, 4], epochs: 20, classWeight: 'balanced', trainingProvider: 'cpu' });
    // CPU was asked for, so nothing fell back and there is nothing to explain.
    expect(run!.details).toMatchObject({ provider: 'cpu', providerNote: null });
    expect(gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--hidden', '8,x').err).toContain('--hidden 8,x: give 1 to 8 comma-separated layer sizes');
  });
});
