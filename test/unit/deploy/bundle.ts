/**
 * A deployment bundle made by hand for the runtime's tests: a GBDT trained with Gyre's CLI on customers.csv, its
 * model.onnx, a model.json filled in per electron/contract/bundles.ts, a minimal schema.json, the templates copied
 * as they are, and node_modules linked from the repository so onnxruntime-node resolves without an install.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleModel } from '../../../electron/contract/bundles';
import type { TrainedModelKind } from '../../../electron/contract/runs';
import { runGyre } from '../../helpers/cli';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const TEMPLATES = join(REPO, 'electron/deploy/templates');
export const CUSTOMERS = join(REPO, 'test/fixtures/data/customers.csv');

/** The CLI on `workspace`; throws with its stderr unless it succeeds. */
export function gyre(workspace: string, ...args: string[]) {
  const r = runGyre(workspace, ...args);
  if (r.code !== 0) throw new Error(`gyre ${args.join(' ')} failed (${r.code}): ${r.err}`);
  return r.out;
}

export interface TestBundle {
  dir: string;
  ws: string;
  runId: string;
  model: BundleModel;
}

/** The customers columns the model reads, as model.json describes them. */
export const CUSTOMER_INPUTS: BundleModel['inputs'] = [
  { name: 'age', type: 'number', minimum: 18, maximum: 80, nullable: true },
  { name: 'monthly_spend', type: 'number', nullable: true },
  { name: 'city', type: 'string', categories: ['Braga', 'Coimbra', 'Faro', 'Lisbon', 'Porto'], nullable: false },
  { name: 'plan', type: 'string', categories: ['basic', 'plus', 'pro'], nullable: false },
  { name: 'signup_date', type: 'number', format: 'date-time', nullable: false },
];

/** Trains on `csv` (customers.csv unless given) a `kind` model (gbdt unless given) and lays out a bundle in `root`/bundle. */
export function makeBundle(root: string, options: { csv?: string; target?: string; inputs?: BundleModel['inputs']; name?: string; threshold?: number | null; kind?: TrainedModelKind } = {}): TestBundle {
  const ws = join(root, 'ws');
  const dir = join(root, 'bundle');
  const csv = options.csv ?? CUSTOMERS;
  const dataset = csv.split('/').pop()!.replace(/\.csv$/, '');
  gyre(ws, 'project', 'create', '--name', 'Deploy');
  gyre(ws, 'import', csv, '--project', 'Deploy');
  const [run] = JSON.parse(gyre(ws, 'train', dataset, '--project', 'Deploy', '--target', options.target ?? 'churned', '--models', options.kind ?? 'gbdt', '--seed', '7', '--json')) as { id: string; task: BundleModel['task']; target: string; details: { classLabels: string[] | null } }[];
  mkdirSync(dir, { recursive: true });
  gyre(ws, 'export-onnx', run!.id, '--out', join(dir, 'model.onnx'));
  const model: BundleModel = {
    name: options.name ?? 'churn',
    version: 3,
    task: run!.task,
    target: run!.target,
    classLabels: run!.details.classLabels,
    threshold: options.threshold ?? null,
    inputs: options.inputs ?? CUSTOMER_INPUTS,
    outputs: run!.task === 'regression' ? ['prediction'] : ['label', 'probabilities'],
    runId: run!.id,
    gyreVersion: '0.1.0',
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model, null, 2));
  const properties = Object.fromEntries(model.inputs.map((f) => [f.name, { type: f.nullable ? [f.type, 'null'] : f.type, ...(f.format ? { format: f.format } : {}) }]));
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${model.name} input row`, type: 'object', properties, required: model.inputs.map((f) => f.name) }, null, 2));
  cpSync(TEMPLATES, dir, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, ws, runId: run!.id, model };
}

/** A bundle's serve.mjs running as a real process. */
export interface Server {
  url: string;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `dir`/serve.mjs on a free port (more flags in `args`) and resolves once it prints where it listens. */
export function startServe(dir: string, args: string[], cwd: string): Promise<Server> {
  const proc = spawn(process.execPath, [join(dir, 'serve.mjs'), '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  proc.stdout!.on('data', (d: Buffer) => (text += d));
  proc.stderr!.on('data', (d: Buffer) => (text += d));
  const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${text}`)), 15_000);
    proc.stdout!.on('data', () => {
      const m = /on (http:\/\/\S+)/.exec(text);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1]!, proc, output: () => text, exited });
    });
    void exited.then((code) => reject(new Error(`serve.mjs exited with ${code}: ${text}`)));
  });
}
