/**
 * The `monitor.iterate` job, "Start next iteration" from an alert: a new charter version noting why, the labeled
 * rows of the production version's batches appended to the data it was trained on as a new dataset version (lineage:
 * its parent and the batches), the recipe replayed on it where one made the training data, and the production run's
 * training request returned for the Train wizard to start from.
 *
 * The batches hold the model's inputs (what the server was sent). When the training version came out of a recipe and
 * the batches carry every column of the recipe's input, they are appended to that input and the recipe runs again on
 * the whole; otherwise they are appended to the training version itself (the recipe's output) and the result says so.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnSchema, DatasetVersion } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { BatchSummary, NextIteration } from '../../contract/monitor';
import { CharterService } from '../../core/charters';
import { DatasetService } from '../../core/datasets';
import { MonitorStore } from '../../core/monitor-store';
import { ProjectService } from '../../core/projects';
import { RecipeStore } from '../../core/recipes';
import { ModelRegistry } from '../../core/registry';
import { RunStore } from '../../core/runs';
import { openWorkspace, type Workspace } from '../../core/workspace';
import { sqlIdent, sqlString, withDuck } from '../../data/duck';
import type { TaskContext } from '../tasks';
import { applyRecipe } from './apply-recipe';

export interface MonitorIterateJobInput {
  projectId: string;
  alertId: string;
  alertTitle: string;
  reason: string;
  actor: string;
}

interface Merge {
  version: DatasetVersion;
  datasetName: string;
  rows: number;
}

/** The version's rows, then each batch's labeled rows under the version's columns (ones a batch lacks are empty). */
async function appendBatches(ws: Workspace, ctx: TaskContext, projectId: string, base: DatasetVersion, datasetName: string, batches: BatchSummary[], target: string, note: string): Promise<Merge> {
  const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
  mkdirSync(tmpDir, { recursive: true });
  const out = join(tmpDir, 'merged.parquet');
  try {
    const { columns, rows, added } = await withDuck(async (duck) => {
      const parts = [`SELECT ${base.columns.map((c) => sqlIdent(c.name)).join(', ')} FROM read_parquet(${sqlString(ws.objects.pathOf(base.objectSha256))})`];
      for (const b of batches) {
        const path = ws.objects.pathOf(b.objectSha256);
        const stored = new Set((await duck.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`)).map((d) => d.column_name));
        const shared = base.columns.filter((c) => stored.has(c.name));
        // Cast to the base's storage types so a batch's DOUBLE does not widen an integer column of the training data.
        const select = shared.map((c) => `TRY_CAST(${sqlIdent(c.name)} AS ${c.storageType}) AS ${sqlIdent(c.name)}`).join(', ');
        parts.push(`SELECT ${select} FROM read_parquet(${sqlString(path)}) WHERE ${sqlIdent(target)} IS NOT NULL`);
      }
      await duck.run(`COPY (${parts.join(' UNION ALL BY NAME ')}) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd)`);
      const [{ n }] = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(out)})`)) as [{ n: number }];
      const described = await duck.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(out)})`);
      const columns: ColumnSchema[] = base.columns.map((c) => ({ ...c, storageType: described.find((d) => d.column_name === c.name)?.column_type ?? c.storageType }));
      return { columns, rows: Number(n), added: Number(n) - base.rowCount };
    });
    if (added === 0) throw new GyreError('VALIDATION', `The batches of this model version have no labeled rows yet: add a batch with its outcomes (the true values) before starting the next iteration.`, { field: 'alertId' });
    const object = await ws.objects.putFile(out, 'application/vnd.apache.parquet');
    const datasets = new DatasetService(ws.db);
    const version = datasets.addVersion({
      projectId,
      datasetName,
      objectSha256: object.sha256,
      rowCount: rows,
      columns,
      source: null,
      readOptions: {},
      operation: note,
      parentIds: [base.id],
      jobId: ctx.jobId,
    });
    return { version, datasetName, rows: added };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

export async function monitorIterate(input: MonitorIterateJobInput, ctx: TaskContext): Promise<NextIteration> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const store = new MonitorStore(ws.db, ws.objects);
    const alert = store.alert(input.alertId);
    const production = new ModelRegistry(ws.db, () => input.actor).resolve(input.projectId, store.summary(alert.batchId).versionId);
    const run = new RunStore(ws.db).get(production.runId);
    const datasets = new DatasetService(ws.db);
    const training = datasets.version(run.versionId);
    const trainingName = datasets.get(input.projectId, training.datasetId).name;
    const batches = store.batches(input.projectId, production.id).filter((b) => b.outcomes !== null).reverse();
    if (batches.length === 0) throw new GyreError('VALIDATION', `No batch of ${alert.model} has outcomes yet: add a batch with its outcomes (the true values) to learn from before starting the next iteration.`, { field: 'alertId' });
    const labeledNote = `next iteration: + labeled rows of ${batches.length} monitoring ${batches.length === 1 ? 'batch' : 'batches'} (${batches.map((b) => b.name).join(', ')})`;

    // Where the training data came from: a recipe's output is rebuilt from its input when the batches allow it.
    const recipes = new RecipeStore(ws.db);
    const made = ws.db.prepare('SELECT id FROM recipe_applications WHERE output_version_id = ? ORDER BY created_at DESC LIMIT 1').pluck().get(training.id) as string | undefined;
    const application = made ? recipes.application(made) : null;
    const recipeInput = application ? datasets.version(application.inputVersionId) : null;
    const batchColumns = new Set(await withDuck(async (duck) => (await duck.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(ws.objects.pathOf(batches[0]!.objectSha256))})`)).map((d) => d.column_name)));
    const replay = recipeInput !== null && recipeInput.columns.every((c) => batchColumns.has(c.name));

    ctx.report(0.2, 'Appending the labeled batches');
    let dataset: NextIteration['dataset'];
    let merged: NextIteration['merged'] = null;
    let recipe: NextIteration['recipe'] = null;
    let rowsAdded: number;
    if (replay && application && recipeInput) {
      const inputName = datasets.get(input.projectId, recipeInput.datasetId).name;
      const merge = await appendBatches(ws, ctx, input.projectId, recipeInput, inputName, batches, run.target, labeledNote);
      merged = { versionId: merge.version.id, version: merge.version.version };
      rowsAdded = merge.rows;
      const recipeId = ws.db.prepare('SELECT recipe_id FROM recipe_versions WHERE id = ?').pluck().get(application.recipeVersionId) as string;
      const { recipe: replayed, version: recipeVersion } = recipes.version(input.projectId, `${recipeId}@${application.recipeVersion}`);
      const recipeName = replayed.name;
      ctx.report(0.5, `Replaying recipe "${recipeName}" v${recipeVersion.version}`);
      const applied = await applyRecipe(
        { projectId: input.projectId, recipeName, recipeVersionId: recipeVersion.id, recipeVersion: recipeVersion.version, steps: recipeVersion.steps, versionId: merge.version.id, name: trainingName, strict: false },
        { ...ctx, report: (p, m) => ctx.report(0.5 + 0.4 * p, m) },
      );
      dataset = { id: applied.datasetId, versionId: applied.versionId, name: trainingName, version: applied.version };
      recipe = { id: recipeVersion.recipeId, name: recipeName, version: recipeVersion.version };
    } else {
      const merge = await appendBatches(ws, ctx, input.projectId, training, trainingName, batches, run.target, labeledNote);
      dataset = { id: merge.version.datasetId, versionId: merge.version.id, name: trainingName, version: merge.version.version };
      rowsAdded = merge.rows;
    }

    ctx.report(0.95, 'Writing the charter’s next version');
    const charters = new CharterService(ws.db, new ProjectService(ws.db));
    const charter = charters.newIteration(input.projectId, `Next iteration: ${input.reason}`);
    const batchIds = batches.map((b) => b.id);
    store.setIteration(alert.id, { charterVersion: charter.version, datasetVersionId: dataset.versionId, batchIds }, input.actor);

    const request = run.details.request;
    return {
      charterVersion: charter.version,
      dataset,
      merged,
      recipe,
      rowsAdded,
      batchIds,
      train: {
        target: run.target,
        task: run.task,
        models: [run.model],
        split: request?.split ?? null,
        seed: request?.seed ?? 42,
        params: request?.params ?? {},
        ...(request?.columns ? { columns: request.columns } : {}),
        ...(request?.resample ? { resample: request.resample } : {}),
      },
      production: `${production.name}@${production.version}`,
      latestBatchId: store.batches(input.projectId, production.id)[0]?.id ?? null,
    };
  } finally {
    ws.close();
  }
}
