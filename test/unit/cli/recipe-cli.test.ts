/** `gyre recipe`: a recipe file saved, shown back as the same JSON, applied to a dataset version; bad files refused by name. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGyre } from '../../helpers/cli';
import { tempDir } from '../../helpers/workspace';

const CUSTOMERS = join(__dirname, '../../fixtures/data/customers.csv');

function workspaceWithCustomers() {
  const ws = join(tempDir(), 'ws');
  const gyre = (...args: string[]) => runGyre(ws, ...args);
  expect(gyre('project', 'create', '--name', 'Churn').code).toBe(0);
  expect(gyre('import', CUSTOMERS, '--project', 'Churn').code).toBe(0);
  return { ws, gyre, dir: join(ws, '..') };
}

describe('gyre recipe', () => {
  it('applies a recipe file, saving it first; show --json gives the file back; the report names each step', () => {
    const { gyre, dir } = workspaceWithCustomers();
    const file = join(dir, 'tidy.json');
    const recipe = { name: 'tidy', steps: [{ op: 'drop_columns', columns: ['customer_id'] }, { op: 'filter_rows', expression: "plan == 'pro'" }] };
    writeFileSync(file, JSON.stringify(recipe));
    const applied = gyre('recipe', 'apply', file, 'customers', '--project', 'Churn');
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toMatch(/1 +Drop "customer_id" +applied +300 → 300 +−1 column/);
    expect(applied.out).toMatch(/2 +Keep rows where plan == 'pro' +applied +300 → \d+ +\d+ rows removed/);
    expect(applied.out).toMatch(/^new version dv_\w+ \(v1\): \d+ rows$/m);

    const shown = gyre('recipe', 'show', 'tidy', '--project', 'Churn', '--json');
    expect(JSON.parse(shown.out)).toEqual({ name: 'tidy', version: 1, steps: recipe.steps });
    const data = JSON.parse(gyre('dataset', 'show', 'customers-tidy', '--project', 'Churn', '--json').out) as { versions: { operation: string }[] };
    expect(data.versions[0]!.operation).toBe('recipe "tidy" v1');

    // Saving the same steps again keeps version 1; a changed file makes version 2.
    expect(gyre('recipe', 'save', file, '--project', 'Churn').out).toBe('recipe "tidy" v1 (2 steps)\n');
    writeFileSync(file, JSON.stringify({ ...recipe, steps: recipe.steps.slice(0, 1) }));
    expect(gyre('recipe', 'save', file, '--project', 'Churn').out).toBe('recipe "tidy" v2 (1 steps)\n');
  });

  it('refuses a recipe file that is not JSON or has a wrong step, naming the file and the field', () => {
    const { gyre, dir } = workspaceWithCustomers();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"steps": [');
    const r1 = gyre('recipe', 'save', broken, '--project', 'Churn');
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(new RegExp(`^gyre: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a JSON recipe: `));
    writeFileSync(broken, JSON.stringify({ steps: [{ op: 'impute', columns: ['age'], strategy: 'average' }] }));
    const r2 = gyre('recipe', 'save', broken, '--project', 'Churn');
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('steps.0.strategy');
  });

  it('fails a strict replay on a version without a column, with exit code 1 and the step named', () => {
    const { gyre, dir } = workspaceWithCustomers();
    const file = join(dir, 'enc.json');
    writeFileSync(file, JSON.stringify({ name: 'enc', steps: [{ op: 'encode', column: 'segment', method: 'one_hot' }] }));
    const r = gyre('recipe', 'apply', file, 'customers', '--project', 'Churn', '--strict');
    expect(r.code).toBe(1);
    expect(r.err).toBe('gyre: Step 1 (Encode categories): "segment" is not in this version. (VALIDATION)\n');
  });
});
