/** `gyre recipe list|show|save|apply`: recipes as JSON files, and their runs on dataset versions. */
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { GyreError } from '../contract/errors';
import { describeReport, describeStep } from '../contract/recipe-text';
import { RecipeSteps, type ApplyRecipeResult, type RecipeStep } from '../contract/recipes';
import { callProcedure, printJson, printTable } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

/** A recipe file: `{ "name": …, "steps": [ … ] }` (what `gyre recipe show --json` prints), or a bare array of steps. */
const RecipeFile = z.object({ name: z.string().trim().min(1).max(200).optional(), steps: RecipeSteps.min(1) });

export function readRecipeFile(path: string): { name: string; steps: RecipeStep[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new GyreError('VALIDATION', `${path} is not a JSON recipe: ${e instanceof Error ? e.message : String(e)}`, { file: path });
  }
  const parsed = RecipeFile.safeParse(Array.isArray(raw) ? { steps: raw } : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GyreError('VALIDATION', `${path}: ${issue.path.join('.') || 'the file'}: ${issue.message}`, { file: path, field: issue.path.join('.') });
  }
  const fallback = basename(path, extname(path));
  return { name: parsed.data.name ?? fallback, steps: parsed.data.steps };
}

const looksLikeFile = (ref: string) => /\.json$/i.test(ref);

function printApplied(r: ApplyRecipeResult, steps: RecipeStep[]): void {
  printTable(
    ['step', 'what', 'status', 'rows', 'effect'],
    r.application.steps.map((s) => [String(s.index + 1), describeStep(steps[s.index]!), s.status, `${s.rowsBefore.toLocaleString('en')} → ${s.rowsAfter.toLocaleString('en')}`, describeReport(s)]),
  );
  const notApplied = r.application.steps.filter((s) => s.status !== 'applied').length;
  process.stdout.write(`new version ${r.versionId} (v${r.version}): ${r.rowCount.toLocaleString('en')} rows${notApplied ? `; ${notApplied} step${notApplied === 1 ? '' : 's'} did not apply in full` : ''}\n`);
}

export function registerRecipeCommands(program: Command): void {
  const recipe = program.command('recipe').description('recipes: ordered cleaning and feature steps from one dataset version to a new one');
  recipe
    .command('list')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print JSON')
    .action(async (o: { project?: string; json?: boolean }, cmd: Command) => {
      const list = await callProcedure(cmd, 'recipes.list', { projectId: await projectFor(cmd, o.project) });
      if (o.json) return printJson(list);
      printTable(['recipe', 'version', 'steps', 'saved'], list.map((r) => [r.name, String(r.latest.version), String(r.latest.steps.length), r.latest.createdAt]));
    });
  recipe
    .command('show')
    .argument('<recipe>', 'NAME[@VERSION]')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the recipe file (name and steps), which `recipe save` and `recipe apply` read back')
    .action(async (ref: string, o: { project?: string; json?: boolean }, cmd: Command) => {
      const r = await callProcedure(cmd, 'recipes.get', { projectId: await projectFor(cmd, o.project), recipe: ref });
      const v = r.versions[0]!;
      if (o.json) return printJson({ name: r.name, version: v.version, steps: v.steps });
      process.stdout.write(`recipe "${r.name}" v${v.version} (${v.steps.length} steps, saved ${v.createdAt})\n`);
      v.steps.forEach((s, i) => process.stdout.write(`${String(i + 1).padStart(3)}. ${describeStep(s)}${s.note ? `  — ${s.note}` : ''}\n`));
    });
  recipe
    .command('save')
    .argument('<file>', 'a recipe JSON file')
    .option('--name <name>', 'the recipe to save it as (default: the name in the file, or the file name)')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .action(async (file: string, o: { name?: string; project?: string }, cmd: Command) => {
      const { name, steps } = readRecipeFile(resolve(file));
      const v = await callProcedure(cmd, 'recipes.save', { projectId: await projectFor(cmd, o.project), name: o.name ?? name, steps });
      process.stdout.write(`recipe "${o.name ?? name}" v${v.version} (${steps.length} steps)\n`);
    });
  recipe
    .command('apply')
    .description('run a recipe on a dataset version; the result is a new dataset version, and steps that could not apply are reported')
    .argument('<recipe>', 'a saved recipe NAME[@VERSION], or a recipe .json file (saved first)')
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .option('--name <name>', 'dataset to add the result to (default: <dataset>-<recipe>)')
    .option('--strict', 'fail instead of reporting a step that cannot apply in full (e.g. a column the version lacks)')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, dataset: string, o: { name?: string; strict?: boolean; project?: string; json?: boolean }, cmd: Command) => {
      const projectId = await projectFor(cmd, o.project);
      let recipeRef = ref;
      if (looksLikeFile(ref)) {
        const file = readRecipeFile(resolve(ref));
        const saved = await callProcedure(cmd, 'recipes.save', { projectId, name: file.name, steps: file.steps });
        recipeRef = `${file.name}@${saved.version}`;
      }
      const versionId = (await callProcedure(cmd, 'datasets.get', { projectId, dataset })).versions[0]!.id;
      const { versions } = await callProcedure(cmd, 'recipes.get', { projectId, recipe: recipeRef });
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'recipes.apply', { projectId, recipe: recipeRef, versionId, strict: Boolean(o.strict), ...(o.name ? { name: o.name } : {}) }));
      const result = done.result as ApplyRecipeResult;
      if (o.json) return printJson(result);
      printApplied(result, versions[0]!.steps);
    });
}
