/**
 * gyre monitor as cron or CI runs it: the training rows themselves raise nothing (exit 0); a batch whose spend tripled
 * and whose outcomes the model gets wrong prints the drift and exits 3; --json carries the report and the alerts;
 * a batch that cannot be read exits 1 with the reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BatchRecord, MonitorAlert } from '../../../electron/contract/monitor';
import { runGyre as gyre } from '../../helpers/cli';
import { tempDir } from '../../helpers/workspace';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre monitor', () => {
  it('exits 0 on a batch like the training rows and 3 when an alert fires', () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    gyre(ws, 'import', CSV, '--project', 'Churn');
    const charter = gyre(ws, 'charter', 'set', '--project', 'Churn', '--problem', 'Who leaves?', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'accuracy>=0.6:0.8');
    expect(charter.code, charter.err).toBe(0);
    const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--trees', '20', '--json');
    expect(train.code, train.err).toBe(0);
    const run = (JSON.parse(train.out) as { id: string; model: string }[]).find((r) => r.model === 'gbdt')!;
    expect(gyre(ws, 'registry', 'register', run.id, '--name', 'churn').code).toBe(0);
    const promoted = gyre(ws, 'registry', 'promote', 'churn@1', '--stage', 'production', '--override', '--reason', 'no evaluation in this test', '--project', 'Churn');
    expect(promoted.code, promoted.err).toBe(0);

    const quiet = gyre(ws, 'monitor', 'churn', CSV, '--project', 'Churn');
    expect(quiet.code, quiet.err + quiet.out).toBe(0);
    expect(quiet.out).toMatch(/^batch bat_[0-9a-f]+ "customers\.csv": 300 rows checked against the \d+ training rows of customers v1 \(churn@1\)\n/);
    expect(quiet.out).toContain('verdict: stable');
    expect(quiet.out).toContain('no alerts');

    // Spend tripled, and every outcome the opposite of the truth.
    const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const spend = cols.indexOf('monthly_spend');
    const churned = cols.indexOf('churned');
    const batch = join(dir, 'march.csv');
    writeFileSync(batch, [header, ...lines.map((l) => l.split(',').map((v, i) => (i === spend && v ? String(Number(v) * 3) : v)).join(','))].join('\n') + '\n');
    const outcomes = join(dir, 'outcomes.csv');
    writeFileSync(outcomes, ['customer_id,churned', ...lines.map((l) => { const f = l.split(','); return `${f[0]},${f[churned] === 'true' ? 'false' : 'true'}`; })].join('\n') + '\n');

    const loud = gyre(ws, 'monitor', 'churn@1', batch, '--outcomes', outcomes, '--id', 'customer_id', '--project', 'Churn');
    expect(loud.code, loud.err).toBe(3);
    expect(loud.out).toMatch(/monthly_spend\s+numeric\s+\S+.*DRIFT/);
    expect(loud.out).toMatch(/ALERTS \(\d+\):/);
    expect(loud.out).toMatch(/\[critical\] Accuracy fell to 0\.\d+ on batch “march\.csv” \(limit 0\.6\)/);
    expect(loud.out).toContain('outcomes: 300 rows with an outcome');

    const json = gyre(ws, 'monitor', 'churn@1', batch, '--outcomes', outcomes, '--id', 'customer_id', '--name', 'March', '--json', '--project', 'Churn');
    expect(json.code, json.err).toBe(3);
    const record = JSON.parse(json.out) as BatchRecord & { raised: MonitorAlert[] };
    expect(record).toMatchObject({ name: 'March', rows: 300, model: 'churn@1' });
    expect(record.drift.features.find((f) => f.name === 'monthly_spend')!.drifted).toBe(true);
    expect(record.raised.length).toBeGreaterThan(0);
    expect(record.raised.every((a) => a.batchId === record.id)).toBe(true);

    const missing = gyre(ws, 'monitor', 'churn', join(dir, 'nowhere.csv'), '--project', 'Churn');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nowhere.csv cannot be read: the file does not exist');
    const noId = gyre(ws, 'monitor', 'churn', batch, '--outcomes', outcomes, '--project', 'Churn');
    expect(noId.code).toBe(1);
    expect(noId.err).toContain('With --outcomes, name the id column');
  }, 180_000);
});
