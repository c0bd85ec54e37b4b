/**
 * A 10-step recipe on the 1M-row × 21-column benchmark dataset, applied by the `recipe.apply` job in the built worker,
 * against pandas doing the same steps on the same rows (read, ten steps, write; pandas from its own pickle, having no
 * Parquet engine on Debian) in the same run.
 * Goal: ≤ 1.5× pandas. Both row counts are printed: they must agree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportResult } from '../../electron/contract/datasets';
import { RecipeStep, type ApplyRecipeResult } from '../../electron/contract/recipes';
import { ProjectService } from '../../electron/core/projects';
import { RecipeStore } from '../../electron/core/recipes';
import { openWorkspace } from '../../electron/core/workspace';
import type { ApplyRecipeJobInput } from '../../electron/jobs/tasks/apply-recipe';
import { BENCH_RECIPE } from './recipe-steps';
import { runInWorker, WORKER_BUNDLE } from './worker-run';

const here = fileURLToPath(new URL('.', import.meta.url));
const csv = join(here, '.data', 'bench-1m.csv');
const RUNS = Number(process.env.GYRE_BENCH_RUNS ?? 3);


if (!existsSync(csv)) execFileSync(process.execPath, [join(here, 'generate.mjs'), csv], { stdio: 'inherit' });
if (!existsSync(WORKER_BUNDLE)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });

const dir = join(mkdtempSync(join(tmpdir(), 'gyre-bench-recipe-')), 'ws');
let ws = openWorkspace(dir);
const projectId = new ProjectService(ws.db).create('bench', 'recipe benchmark').id;
const addJob = (id: string, kind: string) => ws.db.prepare("INSERT INTO jobs (id, kind, project_id, status, input, created_at) VALUES (?, ?, ?, 'running', '{}', ?)").run(id, kind, projectId, new Date().toISOString());
addJob('import', 'dataset.import');
ws.close();
const imported = (await runInWorker({ jobId: 'import', kind: 'dataset.import', workspaceDir: dir, input: { projectId, path: csv, fileName: 'bench-1m.csv', datasetName: 'bench', options: {} } })).result as ImportResult;

ws = openWorkspace(dir);
const steps = BENCH_RECIPE.map((s) => RecipeStep.parse(s));
const recipe = new RecipeStore(ws.db).save({ projectId, name: 'bench', steps });
ws.close();

function pandasRun(): { seconds: number; rows: number } | null {
  if (spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' }).status !== 0) return null;
  const out = execFileSync('/usr/bin/python3', [join(here, 'recipe-pandas.py'), csv, join(here, '.data', 'bench-1m.pkl'), join(dir, '..', 'pandas-out.pkl')], { encoding: 'utf8' });
  const [seconds, rows] = out.trim().split(/\s+/).map(Number);
  return { seconds: seconds!, rows: rows! };
}

// Alternate the peer and Gyre, so both see the same machine state.
const gyre: { seconds: number; rows: number }[] = [];
const pandas: { seconds: number; rows: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const p = pandasRun();
  if (p) pandas.push(p);
  ws = openWorkspace(dir);
  addJob(`apply-${i}`, 'recipe.apply');
  ws.close();
  const input: ApplyRecipeJobInput = { projectId, recipeName: 'bench', recipeVersionId: recipe.id, recipeVersion: recipe.version, steps, versionId: imported.versionId, name: 'bench-prepared', strict: true };
  const run = await runInWorker({ jobId: `apply-${i}`, kind: 'recipe.apply', workspaceDir: dir, input });
  gyre.push({ seconds: run.seconds, rows: (run.result as ApplyRecipeResult).rowCount });
}
rmSync(join(dir, '..'), { recursive: true, force: true });

const best = (xs: { seconds: number; rows: number }[]) => xs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const g = best(gyre);
const p = pandas.length ? best(pandas) : null;
console.log(`10-step recipe on 1M × 21 (read, ten steps, write), best of ${RUNS}`);
console.log(`  gyre recipe.apply   ${g.seconds.toFixed(2)} s   ${g.rows.toLocaleString('en')} rows out`);
if (p) {
  console.log(`  pandas              ${p.seconds.toFixed(2)} s   ${p.rows.toLocaleString('en')} rows out${p.rows === g.rows ? '' : '   (row counts differ!)'}`);
  console.log(`  ratio               ${(g.seconds / p.seconds).toFixed(2)}× pandas (goal ≤ 1.50×)`);
} else console.log('  pandas not installed: no peer figure');
