/** `gyre import-model FILE`: an ONNX model trained elsewhere, inspected or imported as a run, through the same job queue. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { InputMapping, ModelImportInput, ModelImportResult, ModelInspection } from '../contract/imports';
import { MODEL_TASKS, type ModelTask } from '../contract/runs';
import { callProcedure, printJson, printTable } from './context';
import { projectFor } from './datasets';
import { printRuns, succeeded } from './train';

interface ImportModelOptions {
  dataset: string;
  target?: string;
  task?: string;
  name?: string;
  map?: string[];
  classLabels?: string;
  project?: string;
  inspect?: boolean;
  json?: boolean;
}

/** `input=column,input=column`; an input named more than once takes its columns side by side, in the order given. */
export function parseMap(specs: readonly string[]): InputMapping[] {
  return specs.flatMap((spec) =>
    spec.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1) throw new GyreError('VALIDATION', `--map "${pair}" is not of the form INPUT=COLUMN.`, { field: '--map' });
      return { input: pair.slice(0, at).trim(), column: pair.slice(at + 1).trim() };
    }),
  );
}

const shape = (s: ModelInspection['inputs'][number]['shape']) => (s ? `[${s.map((d) => d ?? '?').join(', ')}]` : '');

function printInspection(i: ModelInspection): void {
  const opsets = i.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  process.stdout.write(`${i.fileName}: ${(i.sizeBytes / 1024).toFixed(1)} KiB, produced by ${[i.producer, i.producerVersion].filter(Boolean).join(' ') || 'an unnamed tool'}, IR ${i.irVersion}, opsets ${opsets}\n\n`);
  printTable(['', 'name', 'type', 'shape'], [...i.inputs.map((v) => ['input', v.name, v.type, shape(v.shape)]), ...i.outputs.map((v) => ['output', v.name, v.type, shape(v.shape)])]);
  const p = i.proposal;
  process.stdout.write(`\nproposed: target ${p.target ?? '?'}, task ${p.task ?? '?'}`);
  process.stdout.write(`, outputs ${Object.entries(p.outputs).map(([role, name]) => `${role} = ${name}`).join(', ') || '?'}\n`);
  if (p.mapping.length) process.stdout.write(`--map ${p.mapping.map((m) => `${m.input}=${m.column}`).join(',')}\n`);
  for (const u of p.unmapped) process.stdout.write(`not mapped: ${u.input}: ${u.reason}\n`);
  if (p.classLabels) process.stdout.write(`--class-labels ${p.classLabels.join(',')}   (the target's class for each of the model's classes${i.modelClassLabels ? `: ${i.modelClassLabels.join(', ')}` : ''})\n`);
  for (const note of p.notes) process.stdout.write(`note: ${note}\n`);
}

export function registerImportModelCommand(program: Command): void {
  program
    .command('import-model')
    .description('import an ONNX model trained elsewhere (scikit-learn via skl2onnx, PyTorch, LightGBM…) as a run, scored on every row of a dataset version that has a target')
    .argument('<file>', 'the .onnx file')
    .requiredOption('--dataset <dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .option('--target <column>', 'the column the model predicts (required unless --inspect)')
    .option('--task <task>', `${MODEL_TASKS.join(' | ')} (default: from the model's outputs)`)
    .option('--name <name>', "what to call the model (default: the file's name)")
    .option('--map <pairs...>', "INPUT=COLUMN,…; an input named twice takes its columns side by side in that order (default: by name, or the dataset's numeric columns for one [N, F] input)")
    .option('--class-labels <labels>', "the target's class for each of the model's classes, in the model's order, comma-separated (default: by the model's class labels, else sorted)")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--inspect', "only show the model's inputs, outputs and the proposed mapping")
    .option('--json', 'print as JSON')
    .action(async (file: string, o: ImportModelOptions, cmd: Command) => {
      if (o.task && !(MODEL_TASKS as readonly string[]).includes(o.task)) throw new GyreError('VALIDATION', `--task ${o.task}: choose ${MODEL_TASKS.join(', ')}.`, { field: '--task' });
      const projectId = await projectFor(cmd, o.project);
      const dataset = await callProcedure(cmd, 'datasets.get', { projectId, dataset: o.dataset });
      const version = dataset.versions[0];
      if (!version) throw new GyreError('NOT_FOUND', `Dataset "${dataset.name}" has no versions yet.`);
      const path = resolve(file);
      if (o.inspect) {
        const inspection = await callProcedure(cmd, 'models.inspect', { projectId, file: path, versionId: version.id, ...(o.target ? { target: o.target } : {}) });
        return o.json ? printJson(inspection) : printInspection(inspection);
      }
      if (!o.target) throw new GyreError('VALIDATION', 'Say which column the model predicts: --target COLUMN (or look first with --inspect).', { field: '--target' });
      const input: ModelImportInput = {
        projectId,
        file: path,
        versionId: version.id,
        target: o.target,
        ...(o.task ? { task: o.task as ModelTask } : {}),
        ...(o.name ? { name: o.name } : {}),
        ...(o.map ? { mapping: parseMap(o.map) } : {}),
        ...(o.classLabels ? { classLabels: o.classLabels.split(',').map((l) => l.trim()) } : {}),
      };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'models.import', input));
      const run = await callProcedure(cmd, 'runs.get', { id: (done.result as ModelImportResult).runId });
      if (o.json) return printJson(run);
      const mapping = run.details.imported!.mapping;
      const inputs = [...new Set(mapping.map((m) => m.input))].map((name) => `${name} ← ${mapping.filter((m) => m.input === name).map((m) => m.column).join(', ')}`);
      process.stdout.write(`Imported ${run.details.imported!.fileName} as run ${run.id}: ${dataset.name} v${version.version} → ${run.target} (${run.task}), scored on ${run.split.testRows.toLocaleString('en')} rows; ${inputs.join('; ')}\n`);
      printRuns([run]);
    });
}
