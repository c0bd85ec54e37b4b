/**
 * The sample project's data (resources/sample/) is what scripts/make-sample-data.mjs writes, byte for byte; Gyre reads
 * it as the guided tour needs: every kind of column, a few missing values, a mild imbalance, the planted constant
 * column and duplicate rows; a GBDT learns it on an out-of-time split, and the drifted batch raises drift and
 * performance alerts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDetail, DatasetVersion, ImportResult, Job, Profile, SemanticType } from '../../../electron/contract/index';
import type { BatchRecord, MonitorAlert } from '../../../electron/contract/monitor';
import { SAMPLE_BATCH_FILE, SAMPLE_COLUMNS, SAMPLE_DATASET_FILE, sampleDataDir, sampleDataFiles } from '../../../electron/core/sample-data';
import { runGyre } from '../../helpers/cli';
import { call } from '../../helpers/training';
import { tempDir, tempHandlers } from '../../helpers/workspace';

const SCRIPT = fileURLToPath(new URL('../../../scripts/make-sample-data.mjs', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../resources/sample', import.meta.url));
const files = sampleDataFiles();

describe('the sample data files', () => {
  it('are found in the repository when Gyre runs from source, and NOT_FOUND names the places looked', () => {
    expect(sampleDataDir()).toBe(SAMPLE);
    const empty = tempDir();
    expect(sampleDataDir([empty, SAMPLE])).toBe(SAMPLE);
    expect(() => sampleDataDir([empty])).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining(empty) }));
  });

  it('are exactly what the script writes: regenerating gives the same bytes', () => {
    const out = tempDir();
    const run = spawnSync(process.execPath, [SCRIPT, out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    for (const file of [SAMPLE_DATASET_FILE, SAMPLE_BATCH_FILE]) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(SAMPLE, file))), `${file} differs from the script's output: run node scripts/make-sample-data.mjs`).toBe(true);
    }
  });
});

describe('the sample dataset as Gyre imports and profiles it', () => {
  let version: DatasetVersion;
  let profile: Profile;
  beforeAll(async () => {
    const t = tempHandlers();
    const { id } = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Sample' });
    const imported = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: id, file: files.dataset })).id);
    expect(imported.status, imported.message).toBe('succeeded');
    const { datasetId, versionId } = imported.result as ImportResult;
    version = (await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: id, dataset: datasetId })).versions[0]!;
    const job = await t.queue.wait((await call<Job>(t.handlers, 'profiles.compute', { versionId, target: SAMPLE_COLUMNS.target })).id);
    expect(job.status, job.message).toBe('succeeded');
    profile = (await call<Profile>(t.handlers, 'profiles.get', { versionId, target: SAMPLE_COLUMNS.target }))!;
  }, 60_000);

  it('has 4,000 rows and every kind of column: identifier, date, categories, integers, floats, booleans', () => {
    expect(version.rowCount).toBe(4000);
    const types = Object.fromEntries(version.columns.map((c) => [c.name, c.semanticType])) as Record<string, SemanticType>;
    expect(types).toEqual({
      customer_id: 'identifier',
      signup_date: 'datetime',
      gender: 'categorical',
      age: 'integer',
      region: 'categorical',
      country: 'categorical',
      contract: 'categorical',
      payment_method: 'categorical',
      internet_service: 'categorical',
      paperless_billing: 'boolean',
      tenure_months: 'integer',
      monthly_charges: 'float',
      total_charges: 'float',
      data_usage_gb: 'float',
      support_calls: 'integer',
      churned: 'boolean',
    });
  });

  it('misses a few percent of payment_method, total_charges and data_usage_gb, and nothing else', () => {
    const missing = Object.fromEntries(profile.columns.filter((c) => c.missing > 0).map((c) => [c.name, c.missingPct]));
    expect(Object.keys(missing).sort()).toEqual(['data_usage_gb', 'payment_method', 'total_charges']);
    for (const [name, pct] of Object.entries(missing)) {
      expect(pct, name).toBeGreaterThanOrEqual(1);
      expect(pct, name).toBeLessThanOrEqual(10);
    }
  });

  it('is mildly imbalanced: about a fifth of the customers churned', () => {
    const classes = profile.target!.classes!;
    const churned = classes.find((c) => c.value === 'true')!.count / classes.reduce((n, c) => n + c.count, 0);
    expect(churned).toBeGreaterThanOrEqual(0.18);
    expect(churned).toBeLessThanOrEqual(0.3);
  });

  it('raises the planted alerts, each fixable in Prepare, and no others but the identifier', () => {
    expect(profile.overview.duplicateRows).toBe(24);
    expect(profile.alerts.map((a) => a.kind).sort()).toEqual(['constant', 'duplicate_rows', 'identifier']);
    expect(profile.alerts.find((a) => a.kind === 'constant')!.columns).toEqual([SAMPLE_COLUMNS.constant]);
  });
});

describe('the sample project through the CLI', () => {
  it('a GBDT learns churn on an out-of-time split, and the drifted batch raises drift and performance alerts', () => {
    const ws = join(tempDir(), 'ws');
    const gyre = (...args: string[]) => {
      const r = runGyre(ws, ...args);
      expect(r.code, `gyre ${args.join(' ')}\n${r.err}`).toBe(0);
      return r.out;
    };
    gyre('project', 'create', '--name', 'Churn');
    gyre('charter', 'set', '--project', 'Churn', '--problem', 'Customers cancel without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.75:0.85', '--criterion', 'recall>=0.5:0.7', '--sensitive', 'gender:0.1');
    gyre('import', files.dataset, '--project', 'Churn');
    const runs = JSON.parse(gyre('train', 'telecom-churn', '--project', 'Churn', '--target', 'churned', '--models', 'baseline,gbdt', '--split', 'time:signup_date:0.2', '--seed', '7', '--json')) as { id: string; model: string; metrics: Record<string, number> }[];
    const auc = (model: string) => runs.find((r) => r.model === model)!.metrics.rocAuc!;
    expect(auc('gbdt') - auc('baseline')).toBeGreaterThanOrEqual(0.15);
    expect(auc('gbdt')).toBeGreaterThan(0.78);
    expect(auc('gbdt')).toBeLessThan(0.92);

    gyre('registry', 'register', runs.find((r) => r.model === 'gbdt')!.id, '--name', 'churn');
    gyre('registry', 'promote', 'churn@1', '--stage', 'production', '--override', '--reason', 'The sample project, checked here', '--project', 'Churn');
    const monitor = runGyre(ws, 'monitor', 'churn@1', files.batch, '--outcomes', files.batch, '--id', SAMPLE_COLUMNS.id, '--name', 'Drifted', '--project', 'Churn', '--json');
    expect(monitor.code, monitor.err).toBe(3);
    const batch = JSON.parse(monitor.out) as BatchRecord & { raised: MonitorAlert[] };
    expect(batch.rows).toBe(600);
    expect(batch.drift.verdict).toBe('drift');
    const drifted = batch.drift.features.filter((f) => f.drifted).map((f) => f.name);
    expect(drifted).toEqual(expect.arrayContaining(['monthly_charges', 'contract', 'age']));
    expect(batch.raised.map((a) => a.ruleId)).toEqual(expect.arrayContaining(['charter:metric:roc_auc', 'charter:drift_share']));
  }, 90_000);
});
