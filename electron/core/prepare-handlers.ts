/**
 * The Prepare stage's recipe procedures: saved, versioned recipes, their preview on a sample (warm worker) and
 * their application as a job. Part of the core (handlers.ts joins them).
 */
import { GyreError } from '../contract/errors';
import type { Handlers, ProcedureName } from '../contract/index';
import type { RecipePreview } from '../contract/recipes';
import type { JobQueue } from '../jobs/queue';
import type { ApplyRecipeJobInput } from '../jobs/tasks/apply-recipe';
import type { PreviewRecipeInput } from '../jobs/tasks/preview-recipe';
import type { WarmWorker } from '../jobs/warm-worker';
import type { DatasetService } from './datasets';
import type { ProjectService } from './projects';
import { RecipeStore } from './recipes';
import type { Workspace } from './workspace';

type RecipeProcedure = Extract<ProcedureName, `recipes.${string}`>;

export interface PrepareDeps {
  ws: Workspace;
  projects: ProjectService;
  datasets: DatasetService;
  queue: JobQueue;
  interactive: WarmWorker;
}

export function prepareHandlers({ ws, projects, datasets, queue, interactive }: PrepareDeps): Pick<Handlers, RecipeProcedure> {
  const recipes = new RecipeStore(ws.db);
  /** A dataset version of this project (versions of other projects are not found). */
  const versionIn = (projectId: string, versionId: string) => {
    const version = datasets.version(versionId);
    if (datasets.projectOf(version.datasetId) !== projectId) throw new GyreError('NOT_FOUND', `No dataset version with id "${versionId}" in this project.`, { field: 'versionId' });
    return { version, dataset: datasets.get(projectId, version.datasetId) };
  };
  return {
    'recipes.list': ({ projectId }) => recipes.list(projects.get(projectId).id),
    'recipes.get': ({ projectId, recipe }) => recipes.get(projects.get(projectId).id, recipe),
    'recipes.save': ({ projectId, name, steps, draftedOnVersionId, expectedVersion }) => {
      const project = projects.get(projectId);
      if (draftedOnVersionId) versionIn(project.id, draftedOnVersionId);
      return recipes.save({ projectId: project.id, name, steps, draftedOnVersionId, expectedVersion });
    },
    'recipes.preview': async ({ versionId, steps, upTo, sampleRows }) => {
      const version = datasets.version(versionId);
      const input: PreviewRecipeInput = { projectId: datasets.projectOf(version.datasetId), versionId, steps, upTo, sampleRows };
      return (await interactive.run('recipe.preview', input, ws.dir)) as RecipePreview;
    },
    'recipes.apply': ({ projectId, recipe, versionId, name, strict }) => {
      const project = projects.get(projectId);
      const { recipe: r, version: rv } = recipes.version(project.id, recipe);
      const { version, dataset } = versionIn(project.id, versionId);
      const input: ApplyRecipeJobInput = {
        projectId: project.id,
        recipeName: r.name,
        recipeVersionId: rv.id,
        recipeVersion: rv.version,
        steps: rv.steps,
        versionId: version.id,
        name: name ?? `${dataset.name}-${r.name}`,
        strict,
      };
      return queue.enqueue('recipe.apply', project.id, input, `Apply recipe "${r.name}" v${rv.version} to ${dataset.name} v${version.version}`);
    },
  };
}
