/** The `recipe.preview` task (warm worker): a recipe's steps on a sample of a version; nothing is written. */
import type { RecipePreview, RecipeStep } from '../../contract/recipes';
import { DatasetService } from '../../core/datasets';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { previewRecipe } from '../../data/recipe/preview';
import type { TaskContext } from '../tasks';
import { versionResolver } from './apply-recipe';

export interface PreviewRecipeInput {
  projectId: string;
  versionId: string;
  steps: RecipeStep[];
  upTo?: number | undefined;
  sampleRows: number;
}

export async function previewRecipeTask(input: PreviewRecipeInput, ctx: TaskContext): Promise<RecipePreview> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const datasets = new DatasetService(ws.db);
    const v = datasets.version(input.versionId);
    return await withDuck((duck) =>
      previewRecipe(duck, { path: ws.objects.pathOf(v.objectSha256), columns: v.columns }, input.steps, {
        upTo: input.upTo,
        sampleRows: input.sampleRows,
        resolveVersion: versionResolver(ws, datasets, input.projectId),
      }),
    );
  } finally {
    ws.close();
  }
}
