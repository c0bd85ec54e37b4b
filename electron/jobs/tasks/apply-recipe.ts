/** The `recipe.apply` job: runs a saved recipe version on a dataset version and saves the result as a new version. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyRecipeResult, RecipeStep } from '../../contract/recipes';
import { DatasetService } from '../../core/datasets';
import { RecipeStore } from '../../core/recipes';
import { openWorkspace, type Workspace } from '../../core/workspace';
import { sqlString, withDuck } from '../../data/duck';
import { loadTable, runSteps, visible } from '../../data/recipe/engine';
import type { StepContext } from '../../data/recipe/step';
import type { TaskContext } from '../tasks';

export interface ApplyRecipeJobInput {
  projectId: string;
  recipeName: string;
  recipeVersionId: string;
  recipeVersion: number;
  steps: RecipeStep[];
  versionId: string;
  name: string;
  strict: boolean;
}

/** Another version's Parquet file, for a join step; only versions of the same project. */
export function versionResolver(ws: Workspace, datasets: DatasetService, projectId: string): StepContext['resolveVersion'] {
  return (versionId) => {
    const v = datasets.version(versionId);
    const d = datasets.get(projectId, v.datasetId);
    return { label: `${d.name} v${v.version}`, path: ws.objects.pathOf(v.objectSha256), columns: v.columns };
  };
}

export async function applyRecipe(input: ApplyRecipeJobInput, ctx: TaskContext): Promise<ApplyRecipeResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const datasets = new DatasetService(ws.db);
    const source = datasets.version(input.versionId);
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const target = join(tmpDir, 'data.parquet');
    ctx.report(0.02, 'Reading the rows');
    const { table, reports, reads } = await withDuck(async (duck) => {
      const start = await loadTable(duck, ws.objects.pathOf(source.objectSha256), source.columns);
      const run = await runSteps(duck, start, input.steps, {
        strict: input.strict,
        resolveVersion: versionResolver(ws, datasets, input.projectId),
        onStep: (i, n) => ctx.report(0.05 + (0.8 * i) / n, `Step ${i + 1} of ${n}`),
      });
      ctx.report(0.88, 'Writing the new version');
      await duck.run(`COPY (${visible(run.table.name, run.ordered)}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`);
      return run;
    });
    ctx.report(0.95, 'Saving the dataset version');
    const object = await ws.objects.putFile(target, 'application/vnd.apache.parquet');
    const recipes = new RecipeStore(ws.db);
    return ws.db.transaction(() => {
      const version = datasets.addVersion({
        projectId: input.projectId,
        datasetName: input.name,
        objectSha256: object.sha256,
        rowCount: table.rows,
        columns: table.columns,
        source: null,
        readOptions: {},
        operation: `recipe "${input.recipeName}" v${input.recipeVersion}`,
        parentIds: [input.versionId, ...new Set(reads.filter((r) => r !== input.versionId))],
        jobId: ctx.jobId,
      });
      const application = recipes.recordApplication({ recipeVersionId: input.recipeVersionId, inputVersionId: input.versionId, outputVersionId: version.id, steps: reports, jobId: ctx.jobId });
      return { datasetId: version.datasetId, versionId: version.id, version: version.version, rowCount: table.rows, application };
    })();
  } finally {
    ws.close();
  }
}
