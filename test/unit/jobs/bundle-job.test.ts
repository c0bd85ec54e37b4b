/**
 * Deployment bundles as a real job: a GBDT trained, evaluated and registered on the customers fixture, exported as
 * a folder and as a .zip, every file checked against MANIFEST.json, and `verify` catching one flipped byte, a
 * missing file and an extra one.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BundleManifest, BundleModel, BundleResult, EvaluationDetail, ExportedBundle, Job, StageStatus, ModelVersion, Run, TrainResult, VerifyResult } from '../../../electron/contract/index';
import type { ReferenceProfile } from '../../../electron/deploy/reference-profile';
import { runtimeFiles } from '../../../electron/deploy/runtime-files';
import { binOf } from '../../../electron/deploy/summaries';
import { modelInputs } from '../../../electron/ml/onnx/model-inputs';
import { call, CSV, imported } from '../../helpers/training';
import { tempDir, validCharter } from '../../helpers/workspace';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The customers fixture's rows, column by column, to check what the bundle observed against. */
function fixtureColumn(name: string): string[] {
  const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split('\n');
  const at = header!.split(',').indexOf(name);
  return lines.map((l) => l.split(',')[at]!);
}

async function registered() {
  const t = await imported(CSV);
  const charter = { ...validCharter(), target: 'churned', successCriteria: [{ metric: 'roc_auc' as const, direction: 'higher' as const, acceptable: 0.5, target: 0.8 }] };
  await call(t.handlers, 'charters.save', { projectId: t.projectId, content: charter, basedOnVersion: null });
  const trained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt'], seed: 5, params: { trees: 20 } })).id);
  expect(trained.status, trained.error?.message).toBe('succeeded');
  const run = await call<Run>(t.handlers, 'runs.get', { id: (trained.result as TrainResult).runIds[0] });
  const evaluated = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId: run.id, resamples: 100, repeats: 1 })).id);
  expect(evaluated.status, evaluated.error?.message).toBe('succeeded');
  const evaluation = await call<EvaluationDetail>(t.handlers, 'evaluations.get', { id: (evaluated.result as { evaluationId: string }).evaluationId });
  const version = await call<ModelVersion>(t.handlers, 'registry.register', { runId: run.id, name: 'churn', description: 'For the bundle' });
  const bundle = async (out: string, format: 'folder' | 'zip' = 'folder') => {
    const job = await t.queue.wait((await call<Job>(t.handlers, 'bundles.export', { projectId: t.projectId, ref: 'churn@1', out, format })).id);
    expect(job.status, job.error?.message).toBe('succeeded');
    return job.result as BundleResult;
  };
  const verify = (path: string) => call<VerifyResult>(t.handlers, 'bundles.verify', { path });
  return { ...t, run, evaluation, version, bundle, verify };
}

/** A bundle folder's files by path ('/'-separated). */
function folderFiles(root: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix + entry.name;
    if (entry.isDirectory()) for (const [p, b] of folderFiles(root, `${path}/`)) files.set(p, b);
    else files.set(path, readFileSync(join(root, path)));
  }
  return files;
}

describe('bundle export job', () => {
  it('writes a folder and a zip whose every file MANIFEST.json lists with its checksum, and verify catches any change', async () => {
    const t = await registered();
    const dir = tempDir();
    const folder = join(dir, 'churn-bundle');
    const result = await t.bundle(folder);
    expect(result).toMatchObject({ path: folder, format: 'folder' });

    // Every file is listed with its checksum and size, sorted by path; nothing else is there but MANIFEST.json.
    const files = folderFiles(folder);
    const manifest = JSON.parse(files.get('MANIFEST.json')!.toString('utf8')) as BundleManifest;
    expect(manifest).toEqual(result.manifest);
    expect(manifest.files.map((f) => f.path)).toEqual([...files.keys()].filter((p) => p !== 'MANIFEST.json').sort());
    for (const f of manifest.files) expect([sha256(files.get(f.path)!), files.get(f.path)!.length], f.path).toEqual([f.sha256, f.size]);
    expect(result.files).toBe(files.size);
    expect(manifest).toMatchObject({ format: 'gyre-bundle/1', model: { name: 'churn', version: 1, stage: 'candidate' } });
    expect(manifest.lineage).toEqual({ charterVersion: 1, dataset: 'customers', datasetVersion: 1, datasetSha256: expect.stringMatching(/^[0-9a-f]{64}$/), runId: t.run.id, evaluationId: t.evaluation.id, modelVersionId: t.version.id });
    expect(manifest.gyreVersion).toMatch(/^\d+\.\d+\.\d+/);

    // The run's file as it is, twice: at the top and in Triton's layout.
    const onnx = t.ws.objects.read(t.run.onnx.sha256);
    expect(files.get('model.onnx')!.equals(onnx)).toBe(true);
    expect(files.get('triton/churn/1/model.onnx')!.equals(onnx)).toBe(true);
    const triton = files.get('triton/churn/config.pbtxt')!.toString('utf8');
    expect(triton).toContain('name: "churn"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 0\n');
    expect(triton).toContain('name: "age"\n    data_type: TYPE_FP32\n    dims: [ -1, 1 ]');
    expect(triton).toContain('name: "plan"\n    data_type: TYPE_STRING\n    dims: [ -1, 1 ]');
    expect(triton).toContain('name: "probabilities"\n    data_type: TYPE_FP32\n    dims: [ -1, 2 ]');

    // model.json: the file's inputs in its order, typed as callers send them, with what training saw.
    const model = JSON.parse(files.get('model.json')!.toString('utf8')) as BundleModel;
    expect(model).toMatchObject({ name: 'churn', version: 1, task: 'binary', target: 'churned', classLabels: ['false', 'true'], threshold: 0.5, runId: t.run.id });
    expect(model.inputs.map((f) => f.name)).toEqual(modelInputs(onnx).inputs.map((i) => i.column));
    expect(model.inputs.map((f) => f.name)).not.toContain('customer_id');
    expect(model.outputs).toEqual(expect.arrayContaining(['label', 'probabilities']));
    const field = (name: string) => model.inputs.find((f) => f.name === name)!;
    const plans = new Set(fixtureColumn('plan').filter(Boolean));
    expect(field('plan')).toMatchObject({ type: 'string', nullable: true });
    expect(field('plan').categories!.length).toBeGreaterThan(1);
    expect(field('plan').categories!.every((c) => plans.has(c))).toBe(true);
    const ages = fixtureColumn('age').filter(Boolean).map(Number);
    expect(field('age')).toMatchObject({ type: 'number', nullable: true });
    expect(field('age').minimum).toBeGreaterThanOrEqual(Math.min(...ages));
    expect(field('age').maximum).toBeLessThanOrEqual(Math.max(...ages));
    expect(field('age').minimum).toBeLessThan(field('age').maximum!);
    // A date is a number to the model (epoch milliseconds) and ISO-8601 text on the wire.
    expect(field('signup_date')).toMatchObject({ type: 'number', format: 'date-time', nullable: true });
    expect(new Date(field('signup_date').minimum!).toISOString()).toMatch(/^20\d\d-/);

    // schema.json: one row with a property per field, all required, extra properties allowed, categories as examples only.
    const schema = JSON.parse(files.get('schema.json')!.toString('utf8')) as { input: Record<string, unknown> & { properties: Record<string, Record<string, unknown>> }; output: Record<string, unknown> };
    expect(schema.input).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: model.inputs.map((f) => f.name), additionalProperties: true });
    expect(Object.keys(schema.input.properties)).toEqual(model.inputs.map((f) => f.name));
    expect(schema.input.properties.plan).toMatchObject({ type: ['string', 'null'], examples: field('plan').categories });
    expect(schema.input.properties.plan).not.toHaveProperty('enum');
    expect(schema.input.properties.age).toMatchObject({ type: ['number', 'null'], examples: [field('age').minimum, field('age').maximum] });
    expect(schema.input.properties.signup_date).toMatchObject({ type: ['string', 'null'], format: 'date-time', examples: [new Date(field('signup_date').minimum!).toISOString(), new Date(field('signup_date').maximum!).toISOString()] });
    expect(schema.output).toMatchObject({ type: 'object', required: ['label', 'probabilities'], properties: { label: { type: 'string', enum: ['false', 'true'] } } });

    // reference-profile.json: every training row in every numeric input's histogram, the target and the predictions.
    const profile = JSON.parse(files.get('reference-profile.json')!.toString('utf8')) as ReferenceProfile;
    expect(profile.rows).toBe(t.run.split.trainRows);
    expect(profile.rowsLabel).toBe(`the ${t.run.split.trainRows} training rows of customers v1`);
    expect(profile.columns.map((c) => c.name)).toEqual([...model.inputs.map((f) => f.name), 'churned']);
    const numeric = profile.columns.filter((c) => c.kind === 'number' && c.role === 'input');
    expect(numeric.map((c) => c.name)).toEqual(expect.arrayContaining(['age', 'monthly_spend', 'signup_date']));
    for (const c of numeric) {
      if (c.kind !== 'number') continue;
      const h = c.histogram;
      expect(h.counts.reduce((a, b) => a + b, 0) + h.missing, c.name).toBe(profile.rows);
      expect(h.edges.length).toBe(h.counts.length + 1);
      expect(h.counts.length).toBeLessThanOrEqual(20);
      expect(c.quantiles).toHaveLength(99);
      expect([h.edges[0], h.edges.at(-1)]).toEqual([c.min, c.max]);
      expect(binOf(h.edges, c.min!)).toBe(0);
      expect(binOf(h.edges, c.max! + 1)).toBe(h.counts.length - 1);
    }
    const age = profile.columns.find((c) => c.name === 'age')!;
    expect(age).toMatchObject({ kind: 'number', min: field('age').minimum, max: field('age').maximum });
    const target = profile.columns.at(-1)!;
    expect(target).toMatchObject({ role: 'target', kind: 'category', count: profile.rows, missing: 0 });
    expect(profile.predictions.classes!.reduce((s, c) => s + c.count, 0)).toBe(profile.rows);
    expect(profile.predictions.score.histogram.counts.reduce((a, b) => a + b, 0)).toBe(profile.rows);

    // metrics.json is the evaluation the gate reads; the card is the registry's.
    const metrics = JSON.parse(files.get('metrics.json')!.toString('utf8')) as { evaluated: boolean; evaluationId: string; metrics: EvaluationDetail['report']['metrics']; gate: { passed: boolean } };
    expect(metrics).toMatchObject({ evaluated: true, evaluationId: t.evaluation.id, rowsLabel: t.evaluation.report.rowsLabel, gate: { passed: t.evaluation.report.gate.passed } });
    expect(metrics.metrics.rocAuc).toEqual(t.evaluation.report.metrics.rocAuc);
    expect(files.get('model-card.md')!.toString('utf8')).toMatch(/^# Model card: churn@1\n/);
    expect(files.get('model-card.html')!.toString('utf8')).toContain('<html');

    // Whatever runtime files the templates folder holds are copied as they are.
    for (const f of runtimeFiles()) expect(files.get(f.path)?.equals(f.bytes), f.path).toBe(true);

    // verify: OK as written; one flipped byte, a missing file and an extra file are each named.
    expect(await t.verify(folder)).toEqual({ ok: true, checked: manifest.files.length, altered: [], missing: [], extra: [], problems: [] });
    const onnxPath = join(folder, 'model.onnx');
    const flipped = Buffer.from(onnx);
    flipped[flipped.length >> 1]! ^= 0x01;
    writeFileSync(onnxPath, flipped);
    writeFileSync(join(folder, 'notes.txt'), 'added on the way');
    rmSync(join(folder, 'model-card.html'));
    expect(await t.verify(folder)).toMatchObject({ ok: false, altered: ['model.onnx'], missing: ['model-card.html'], extra: ['notes.txt'], problems: [] });

    // A zip: the same files; verify it, then change one byte of one entry.
    const zipPath = join(dir, 'churn.zip');
    const zipped = await t.bundle(zipPath, 'zip');
    expect(zipped).toMatchObject({ path: zipPath, format: 'zip', files: files.size });
    const entries = unzipSync(readFileSync(zipPath));
    expect(Object.keys(entries).at(-1)).toBe('MANIFEST.json');
    expect(Object.keys(entries).sort()).toEqual([...files.keys()].sort());
    expect(Buffer.from(entries['model.onnx']!).equals(onnx)).toBe(true);
    expect(await t.verify(zipPath)).toMatchObject({ ok: true, checked: files.size - 1 });
    // Both exports are recorded, newest first, and the Deploy stage is done.
    const listed = await call<ExportedBundle[]>(t.handlers, 'bundles.list', { projectId: t.projectId });
    expect(listed.map((b) => [b.ref, b.path, b.format])).toEqual([['churn@1', zipPath, 'zip'], ['churn@1', folder, 'folder']]);
    expect(listed[0]!.manifestSha256).toBe(createHash('sha256').update(entries['MANIFEST.json']!).digest('hex'));
    const stages = await call<StageStatus[]>(t.handlers, 'stages.status', { projectId: t.projectId });
    expect(stages.find((s) => s.stage === 'deploy')).toMatchObject({ state: 'done', summary: '2 bundles exported.' });
    const zip = readFileSync(zipPath);
    const name = zip.indexOf('model.json');
    const header = name - 30;
    expect(zip.readUInt32LE(header)).toBe(0x04034b50);
    zip[name + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28) + 10]! ^= 0x40;
    const altered = join(dir, 'altered.zip');
    writeFileSync(altered, zip);
    const bad = await t.verify(altered);
    expect(bad.ok).toBe(false);
    expect(bad.altered).toEqual(['model.json']);
  }, 240_000);

  it('refuses a folder that is not empty, an existing zip, a relative path, and a model version that does not exist', async () => {
    const t = await registered();
    const dir = tempDir();
    const ask = (input: Record<string, unknown>) => call<Job>(t.handlers, 'bundles.export', { projectId: t.projectId, ref: 'churn@1', ...input });
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    await expect(ask({ out: full })).rejects.toThrow(`The folder ${full} is not empty; Gyre writes a bundle only into a new or empty folder.`);
    const zip = join(dir, 'old.zip');
    writeFileSync(zip, 'old');
    await expect(ask({ out: zip, format: 'zip' })).rejects.toThrow(`${zip} already exists; Gyre does not overwrite a bundle`);
    await expect(ask({ out: join(dir, 'b'), format: 'zip' })).rejects.toThrow("A zip bundle's file name ends in .zip");
    await expect(ask({ out: 'relative/bundle' })).rejects.toThrow('Give the full path of the bundle ("relative/bundle" is relative).');
    await expect(ask({ out: join(dir, 'no', 'such', 'bundle') })).rejects.toThrow('that folder does not exist');
    await expect(ask({ ref: 'churn@9', out: join(dir, 'b') })).rejects.toThrow('churn has no version "9" (it has 1).');
    await expect(ask({ ref: 'nope@1', out: join(dir, 'b') })).rejects.toThrow('No model "nope" in this project.');
    // An empty folder is taken; nothing is left beside it.
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    await t.bundle(empty);
    expect(existsSync(join(empty, 'MANIFEST.json'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['empty', 'full', 'old.zip']);
    // verify refuses what is not a bundle, in a sentence.
    await expect(t.verify(full)).rejects.toThrow(`${full} has no MANIFEST.json: it is not a Gyre bundle`);
    appendFileSync(join(full, 'MANIFEST.json'), '{ not json');
    await expect(t.verify(full)).rejects.toThrow(`MANIFEST.json in ${full} is not JSON`);
    await expect(t.verify(zip)).rejects.toThrow(`${zip} is not a readable zip file`);
  }, 240_000);

  it('lists every runtime file of a templates folder, nested ones included, leaving out hidden files and caches', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'python', '__pycache__'), { recursive: true });
    writeFileSync(join(dir, 'serve.mjs'), 'export {};\n');
    writeFileSync(join(dir, 'python', 'predict.py'), 'print(1)\n');
    writeFileSync(join(dir, 'python', '__pycache__', 'predict.cpython-311.pyc'), 'x');
    writeFileSync(join(dir, '.DS_Store'), 'x');
    expect(runtimeFiles(dir).map((f) => [f.path, Buffer.from(f.bytes).toString('utf8')])).toEqual([
      ['python/predict.py', 'print(1)\n'],
      ['serve.mjs', 'export {};\n'],
    ]);
    expect(runtimeFiles(join(dir, 'absent'))).toEqual([]);
  });
});
