import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, validCharter } from '../../helpers/workspace';

const BIN = fileURLToPath(new URL('../../../bin/gyre.mjs', import.meta.url));

/** Runs the real `gyre` command in a child process against a workspace folder. */
function gyre(workspace: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, GYRE_WORKSPACE: workspace } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('gyre CLI', () => {
  it('creates, lists and shows projects with --json, in the workspace GYRE_WORKSPACE names', () => {
    const ws = join(tempDir(), 'ws');
    const created = gyre(ws, 'project', 'create', '--name', 'Churn', '--description', 'Who leaves', '--json');
    expect(created.code).toBe(0);
    const project = JSON.parse(created.out);
    expect(project).toMatchObject({ name: 'Churn', description: 'Who leaves' });
    const list = gyre(ws, 'project', 'list', '--json');
    expect(JSON.parse(list.out).map((p: { id: string }) => p.id)).toEqual([project.id]);
    expect(JSON.parse(gyre(ws, 'project', 'show', 'churn', '--json').out).id).toBe(project.id);
    expect(gyre(ws, 'project', 'list').out).toMatch(/Churn/);
  });

  it('honours --workspace over GYRE_WORKSPACE', () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    expect(gyre(a, '--workspace', b, 'project', 'create', '--name', 'InB').code).toBe(0);
    expect(JSON.parse(gyre(a, 'project', 'list', '--json').out)).toEqual([]);
    expect(JSON.parse(gyre(b, 'project', 'list', '--json').out)).toHaveLength(1);
  });

  it('sets a charter from flags, then from a file, each set a new version, and diffs them', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    const set = gyre(ws, 'charter', 'set', '--project', 'Churn', '--problem', 'Customers leave', '--task', 'binary_classification',
      '--criterion', 'accuracy>=0.70:0.90', '--criterion', 'p95_latency_ms<=50:20', '--stakeholder', 'Ana Lima:data_scientist', '--sensitive', 'gender:0.1',
      '--risk', 'Seasonality => out-of-time split', '--interpretability', 'yes', '--json');
    expect(set.code, set.err).toBe(0);
    const v1 = JSON.parse(set.out);
    expect(v1.version).toBe(1);
    expect(v1.content.successCriteria).toEqual([
      { metric: 'accuracy', direction: 'higher', acceptable: 0.7, target: 0.9 },
      { metric: 'p95_latency_ms', direction: 'lower', acceptable: 50, target: 20 },
    ]);
    expect(v1.content.constraints).toMatchObject({ interpretabilityRequired: true, risks: [{ risk: 'Seasonality', mitigation: 'out-of-time split' }] });

    const file = join(tempDir(), 'charter.json');
    writeFileSync(file, JSON.stringify(validCharter()));
    expect(JSON.parse(gyre(ws, 'charter', 'set', '--project', 'Churn', '--file', file, '--note', 'from file', '--json').out).version).toBe(2);
    const shown = gyre(ws, 'charter', 'show', '--project', 'Churn');
    expect(shown.out).toMatch(/Charter version 2/);
    expect(shown.out).toMatch(/Accuracy ≥ 0.7 acceptable, ≥ 0.9 target/);
    const diff = JSON.parse(gyre(ws, 'charter', 'diff', '--project', 'Churn', '--from', '1', '--to', '2', '--json').out);
    expect(diff.changes).toContainEqual({ path: 'problem', kind: 'changed', before: 'Customers leave', after: 'Customers cancel without warning.' });
    expect(JSON.parse(gyre(ws, 'charter', 'history', '--project', 'Churn', '--json').out).map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('fails with a non-zero exit code and a one-line reason', () => {
    const ws = join(tempDir(), 'ws');
    const missing = gyre(ws, 'project', 'show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('gyre: No project with id or name "nope". (NOT_FOUND)\n');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    const bad = gyre(ws, 'charter', 'set', '--project', 'Churn', '--problem', 'x', '--task', 'regression', '--criterion', 'accuracy>=0.7:0.9');
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/content\.successCriteria\.0\.metric: Accuracy does not measure a regression model/);
    const malformed = gyre(ws, 'charter', 'set', '--project', 'Churn', '--criterion', 'accuracy=high');
    expect(malformed.err).toMatch(/--criterion "accuracy=high" is not of the form METRIC>=ACCEPTABLE:TARGET/);
    const usage = gyre(ws, 'project', 'create');
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/required option '--name <name>'/);
  });

  it('has --help on every command', () => {
    const ws = join(tempDir(), 'ws');
    for (const args of [[], ['project'], ['project', 'create'], ['project', 'list'], ['charter', 'set'], ['charter', 'show'], ['web']]) {
      const r = gyre(ws, ...args, '--help');
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/Usage: gyre/);
    }
  });

  it('refuses a workspace from a newer Gyre with a clear message', async () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'list');
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(join(ws, 'gyre.sqlite'));
    db.pragma('user_version = 42');
    db.close();
    const r = gyre(ws, 'project', 'list');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/newer Gyre \(schema version 42.*\(WORKSPACE_TOO_NEW\)/);
  });
});

describe('gyre import and dataset', () => {
  const DATA = fileURLToPath(new URL('../../fixtures/data/', import.meta.url));
  const BAD = fileURLToPath(new URL('../../fixtures/bad/data/', import.meta.url));

  it('imports a file into the last opened project, finds it again on re-import, and lists and shows it', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    expect(gyre(ws, 'import', `${DATA}customers.csv`).err).toMatch(/Say which project: --project/);
    const first = gyre(ws, 'import', `${DATA}customers.csv`, '--project', 'Churn', '--type', 'age=float', '--json');
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ dataset: 'customers', version: 1, rowCount: 300, deduplicated: false });
    expect(JSON.parse(first.out).columns.find((c: { name: string }) => c.name === 'age').semanticType).toBe('float');
    const again = gyre(ws, 'import', `${DATA}customers.csv`, '--project', 'Churn', '--type', 'age=float');
    expect(again.out).toMatch(/^Already imported as customers v1: 300 rows × 7 columns\./);
    const list = JSON.parse(gyre(ws, 'dataset', 'list', '--project', 'Churn', '--json').out);
    expect(list.map((d: { name: string; versionCount: number }) => [d.name, d.versionCount])).toEqual([['customers', 1]]);
    const shown = JSON.parse(gyre(ws, 'dataset', 'show', 'customers@1', '--project', 'Churn', '--json').out);
    expect(shown.versions[0].source.name).toBe('customers.csv');
    expect(gyre(ws, 'dataset', 'show', 'customers@7', '--project', 'Churn').err).toBe('gyre: Dataset "customers" has no version 7. (NOT_FOUND)\n');
    const profile = JSON.parse(gyre(ws, 'profile', 'customers@1', '--project', 'Churn', '--target', 'churned', '--json').out);
    expect(profile.overview).toMatchObject({ rows: 300, columns: 7 });
    expect(profile.target.column).toBe('churned');
    expect(gyre(ws, 'profile', 'customers', '--project', 'Churn').out).toMatch(/^customers v1: 300 rows × 7 columns/);
  });

  it('fails a broken file with the line, and --skip-bad-rows imports the rest', () => {
    const ws = join(tempDir(), 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    const bad = gyre(ws, 'import', `${BAD}ragged.csv`, '--project', 'Churn');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('gyre: ragged.csv, line 3: rows do not all have 3 fields (lines 3, 5). Fix the file, or choose "Skip bad rows" to import without them. (DATASET_PARSE)\n');
    const skipped = gyre(ws, 'import', `${BAD}ragged.csv`, '--project', 'Churn', '--skip-bad-rows');
    expect(skipped.out).toMatch(/2 rows × 3 columns \(2 bad rows skipped\)/);
    expect(gyre(ws, 'import', '/no/such/file.csv', '--project', 'Churn').err).toMatch(/file.csv cannot be read: the file does not exist/);
  });
});
