/** gyre registry card as a user runs it: a registered version's card printed as Markdown or written as HTML. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre registry card', () => {
  it('prints the Markdown card, writes the HTML one to a file, and refuses an unknown format', () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    gyre(ws, 'charter', 'set', '--project', 'Churn', '--problem', 'Customers leave <quietly>.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
    const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--json');
    expect(train.code, train.err).toBe(0);
    const [run] = JSON.parse(train.out) as { id: string; onnx: { sha256: string } }[];
    expect(gyre(ws, 'registry', 'register', run!.id, '--name', 'churn').code).toBe(0);

    const md = gyre(ws, 'registry', 'card', 'churn@1', '--project', 'Churn');
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(/^# Model card: churn@1\n/);
    expect(md.out).toContain('Problem: Customers leave &lt;quietly>.');
    expect(md.out).toContain('Not evaluated yet');
    expect(md.out).toContain(`| Model file (ONNX) | ${run!.onnx.sha256} |`);

    const out = join(dir, 'card.html');
    const html = gyre(ws, 'registry', 'card', 'churn', '--format', 'html', '--out', out, '--project', 'Churn');
    expect(html.out).toBe(`Wrote the model card of churn@1 to ${out}.\n`);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('Problem: Customers leave &lt;quietly&gt;.');
    expect(page).not.toMatch(/<script|https?:\/\//i);

    const bad = gyre(ws, 'registry', 'card', 'churn@1', '--format', 'pdf', '--project', 'Churn');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--format pdf: choose md or html.');
  }, 180_000);
});
