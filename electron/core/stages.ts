/** Derives each lifecycle stage's state for a project from what exists in the workspace. */
import { metricFitsTask } from '../contract/charter-vocabulary';
import type { SuccessCriterion } from '../contract/charters';
import type { Dataset } from '../contract/datasets';
import { STAGES, type StageStatus } from '../contract/stages';
import type { Database } from 'better-sqlite3';
import type { CharterService } from './charters';
import type { DatasetService } from './datasets';
import type { Leaderboard } from './leaderboard';

function dataStatus(list: Dataset[]): StageStatus {
  if (list.length === 0) return { stage: 'data', state: 'not_started', summary: 'Import a CSV, JSON or Parquet file as the first dataset version.', available: true };
  const versions = list.reduce((n, d) => n + d.versionCount, 0);
  return { stage: 'data', state: 'done', summary: `${list.length} ${list.length === 1 ? 'dataset' : 'datasets'}, ${versions} ${versions === 1 ? 'version' : 'versions'}.`, available: true };
}

function exploreStatus(db: Database, list: Dataset[], projectId: string): StageStatus {
  if (list.length === 0) return { stage: 'explore', state: 'not_started', summary: 'Import data first; then profile it here.', available: true };
  const { n } = db
    .prepare('SELECT count(DISTINCT p.version_id) AS n FROM profiles p JOIN dataset_versions v ON v.id = p.version_id JOIN datasets d ON d.id = v.dataset_id WHERE d.project_id = ?')
    .get(projectId) as { n: number };
  if (n === 0) return { stage: 'explore', state: 'in_progress', summary: 'Data is ready: compute a profile to see distributions and alerts.', available: true };
  return { stage: 'explore', state: 'done', summary: `${n} dataset ${n === 1 ? 'version' : 'versions'} profiled.`, available: true };
}

function prepareStatus(db: Database, list: Dataset[], projectId: string): StageStatus {
  if (list.length === 0) return { stage: 'prepare', state: 'not_started', summary: 'Import data first; then clean it and make features with a recipe here.', available: true };
  const count = (sql: string) => db.prepare(sql).pluck().get(projectId) as number;
  const recipes = count('SELECT count(*) FROM recipes WHERE project_id = ?');
  const applied = count('SELECT count(*) FROM recipe_applications a JOIN recipe_versions v ON v.id = a.recipe_version_id JOIN recipes r ON r.id = v.recipe_id WHERE r.project_id = ?');
  const labels = count("SELECT count(*) FROM labels l JOIN label_sessions s ON s.id = l.session_id WHERE s.project_id = ? AND l.action = 'label' AND l.undone_at IS NULL");
  const synthetic = count('SELECT count(*) FROM synthetic_reports WHERE project_id = ?');
  const parts = [
    recipes ? `${recipes} ${recipes === 1 ? 'recipe' : 'recipes'}${applied ? ` applied ${applied} ${applied === 1 ? 'time' : 'times'}` : ' not applied yet'}` : '',
    labels ? `${labels.toLocaleString('en')} ${labels === 1 ? 'label' : 'labels'} given` : '',
    synthetic ? `${synthetic} synthetic ${synthetic === 1 ? 'dataset' : 'datasets'}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return { stage: 'prepare', state: 'not_started', summary: 'Write a recipe of cleaning and feature steps, or fix an Explore alert with one.', available: true };
  const summary = `${parts.join('; ')}.`;
  return { stage: 'prepare', state: applied || synthetic ? 'done' : 'in_progress', summary: summary.charAt(0).toUpperCase() + summary.slice(1), available: true };
}

function trainStatus(list: Dataset[], leaderboard: Leaderboard, projectId: string, criteria: readonly SuccessCriterion[]): StageStatus {
  if (list.length === 0) return { stage: 'train', state: 'not_started', summary: 'Import data first; then train models on it here.', available: true };
  // Counted in SQL: the stage state is asked for on every page, and a project may hold 10,000 runs.
  const { runs: n, passing } = leaderboard.judge(projectId, criteria);
  if (n === 0) return { stage: 'train', state: 'not_started', summary: 'Train the baselines first, then the models that must beat them.', available: true };
  const count = `${n} ${n === 1 ? 'run' : 'runs'}`;
  if (criteria.length === 0) return { stage: 'train', state: 'in_progress', summary: `${count}; write the charter's success criteria to judge them.`, available: true };
  if (passing === 0) return { stage: 'train', state: 'in_progress', summary: `${count}; none meets every success criterion yet.`, available: true };
  return { stage: 'train', state: 'done', summary: `${count}; ${passing} ${passing === 1 ? 'meets' : 'meet'} every success criterion.`, available: true };
}

function evaluateStatus(db: Database, projectId: string): StageStatus {
  const runs = db.prepare('SELECT count(*) FROM runs WHERE project_id = ?').pluck().get(projectId) as number;
  if (runs === 0) return { stage: 'evaluate', state: 'not_started', summary: 'Train a model first; then evaluate it on data it never saw.', available: true };
  const { n, passed } = db.prepare('SELECT count(*) AS n, sum(passed) AS passed FROM evaluations WHERE project_id = ?').get(projectId) as { n: number; passed: number | null };
  if (n === 0) return { stage: 'evaluate', state: 'not_started', summary: 'Evaluate a run: metrics with confidence intervals, errors, fairness and the success gate.', available: true };
  const count = `${n} ${n === 1 ? 'evaluation' : 'evaluations'}`;
  if (!passed) return { stage: 'evaluate', state: 'in_progress', summary: `${count}; none passes the success gate yet.`, available: true };
  return { stage: 'evaluate', state: 'done', summary: `${count}; ${passed} ${passed === 1 ? 'passes' : 'pass'} the success gate.`, available: true };
}

function deployStatus(db: Database, projectId: string): StageStatus {
  const versions = db.prepare('SELECT count(*) FROM model_versions mv JOIN models m ON m.id = mv.model_id WHERE m.project_id = ?').pluck().get(projectId) as number;
  if (versions === 0) return { stage: 'deploy', state: 'not_started', summary: 'Register a model version on the Evaluate stage; then export it as a bundle here.', available: true };
  const n = db.prepare('SELECT count(*) FROM bundles WHERE project_id = ?').pluck().get(projectId) as number;
  if (n === 0) {
    const production = db.prepare("SELECT m.name || '@' || mv.version FROM model_versions mv JOIN models m ON m.id = mv.model_id WHERE m.project_id = ? AND mv.stage = 'production' LIMIT 1").pluck().get(projectId) as string | undefined;
    if (production) return { stage: 'deploy', state: 'in_progress', summary: `${production} is in production; export it as a bundle to run it outside Gyre.`, available: true };
    return { stage: 'deploy', state: 'not_started', summary: 'Export a model version as a bundle that runs anywhere with Node or Python and onnxruntime.', available: true };
  }
  return { stage: 'deploy', state: 'done', summary: `${n} ${n === 1 ? 'bundle' : 'bundles'} exported.`, available: true };
}

function monitorStatus(db: Database, projectId: string): StageStatus {
  const production = db.prepare("SELECT count(*) FROM model_versions mv JOIN models m ON m.id = mv.model_id WHERE m.project_id = ? AND mv.stage = 'production'").pluck().get(projectId) as number;
  const batches = db.prepare('SELECT count(*) FROM monitor_batches WHERE project_id = ?').pluck().get(projectId) as number;
  if (batches === 0) {
    const next = production ? 'Add a batch of production inputs (a file or a server’s prediction log) to check it for drift.' : 'Promote a model version to production on the Evaluate stage; then check its production data here.';
    return { stage: 'monitor', state: 'not_started', summary: next, available: true };
  }
  const open = db.prepare("SELECT count(*) FROM monitor_alerts WHERE project_id = ? AND status = 'open'").pluck().get(projectId) as number;
  const checked = `${batches} ${batches === 1 ? 'batch' : 'batches'} checked`;
  if (open) return { stage: 'monitor', state: 'needs_attention', summary: `${checked}; ${open} open ${open === 1 ? 'alert' : 'alerts'}.`, available: true };
  return { stage: 'monitor', state: 'done', summary: `${checked}; no open alerts.`, available: true };
}

export function stageStatuses(db: Database, charters: CharterService, datasets: DatasetService, leaderboard: Leaderboard, projectId: string): StageStatus[] {
  const charter = charters.get(projectId);
  const list = datasets.list(projectId);
  return STAGES.map((stage): StageStatus => {
    if (stage === 'data') return dataStatus(list);
    if (stage === 'explore') return exploreStatus(db, list, projectId);
    if (stage === 'prepare') return prepareStatus(db, list, projectId);
    if (stage === 'train') return trainStatus(list, leaderboard, projectId, charter?.content.successCriteria ?? []);
    if (stage === 'evaluate') return evaluateStatus(db, projectId);
    if (stage === 'deploy') return deployStatus(db, projectId);
    if (stage === 'monitor') return monitorStatus(db, projectId);
    if (!charter) return { stage, state: 'not_started', summary: 'Write the charter: the problem, the framing and how success is measured.', available: true };
    const { content, version } = charter;
    // A charter saved under an older rule set may hold a criterion that no longer fits its task.
    const misfit = content.successCriteria.filter((c) => !metricFitsTask(c.metric, content.task));
    if (misfit.length > 0) {
      return { stage, state: 'needs_attention', summary: `Version ${version}: ${misfit.length} success criterion does not fit the task.`, available: true };
    }
    const n = content.successCriteria.length;
    return { stage, state: 'done', summary: `Charter version ${version} with ${n} success ${n === 1 ? 'criterion' : 'criteria'}.`, available: true };
  });
}
