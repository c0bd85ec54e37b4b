/** gyre bundle and gyre verify as a user runs them: real processes, a folder and a zip, and the exit codes verify gives. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BundleResult, VerifyResult } from '../../../electron/contract/bundles';
import { tempDir } from '../../helpers/workspace';
import { runGyre as gyre } from '../../helpers/cli';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

describe('gyre bundle and gyre verify', () => {
  it('exports a version as a folder and a zip, verifies both (exit 0), and exits 1 naming what changed', () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    gyre(ws, 'project', 'create', '--name', 'Churn');
    expect(gyre(ws, 'import', CSV, '--project', 'Churn').code).toBe(0);
    const train = gyre(ws, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--trees', '10', '--json');
    expect(train.code, train.err).toBe(0);
    const [run] = JSON.parse(train.out) as { id: string }[];
    expect(gyre(ws, 'registry', 'register', run!.id, '--name', 'churn').code).toBe(0);

    // A relative --out is taken from the working folder; the summary names the version, the size and the lineage.
    mkdirSync(join(dir, 'out'));
    const folder = gyre(ws, 'bundle', 'churn@1', '--out', 'out/churn', '--project', 'Churn');
    expect(folder.code, folder.err).toBe(0);
    expect(folder.out).toMatch(new RegExp(`^Wrote churn@1 \\(candidate\\) to ${join(dir, 'out', 'churn')}: folder, \\d+ files, [\\d.]+ [kM]B\\.\\n`));
    expect(folder.out).toContain(`→ customers v1 (sha256 `);
    expect(folder.out).toContain(`→ run ${run!.id} → not evaluated`);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'churn', 'metrics.json'), 'utf8'))).toEqual({ evaluated: false });

    const zip = gyre(ws, 'bundle', 'churn', '--out', join(dir, 'churn.zip'), '--project', 'Churn', '--json');
    expect(zip.code, zip.err).toBe(0);
    const result = JSON.parse(zip.out) as BundleResult;
    expect(result).toMatchObject({ path: join(dir, 'churn.zip'), format: 'zip', manifest: { format: 'gyre-bundle/1', model: { name: 'churn', version: 1 } } });

    const ok = gyre(ws, 'verify', join(dir, 'out', 'churn'));
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^OK: \d+ files of .* match MANIFEST\.json\.\n$/);
    const okZip = gyre(ws, 'verify', join(dir, 'churn.zip'), '--json');
    expect(okZip.code).toBe(0);
    expect(JSON.parse(okZip.out) as VerifyResult).toMatchObject({ ok: true, checked: result.manifest.files.length });

    // One byte changed and one file added: exit 1, a line each.
    const onnx = join(dir, 'out', 'churn', 'model.onnx');
    const bytes = readFileSync(onnx);
    bytes[100]! ^= 0xff;
    writeFileSync(onnx, bytes);
    writeFileSync(join(dir, 'out', 'churn', 'README.txt'), 'hello');
    const bad = gyre(ws, 'verify', join(dir, 'out', 'churn'));
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('altered: model.onnx\nextra (not in MANIFEST.json): README.txt\n');

    // Not a bundle, or a second export into the same folder: refused in a sentence, exit 1.
    mkdirSync(join(dir, 'empty'));
    const none = gyre(ws, 'verify', join(dir, 'empty'));
    expect(none.code).toBe(1);
    expect(none.err).toContain('has no MANIFEST.json: it is not a Gyre bundle');
    const again = gyre(ws, 'bundle', 'churn@1', '--out', join(dir, 'out', 'churn'), '--project', 'Churn');
    expect(again.code).toBe(1);
    expect(again.err).toContain('is not empty; Gyre writes a bundle only into a new or empty folder.');
  }, 240_000);
});
