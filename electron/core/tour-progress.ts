/**
 * Whether each step of the guided tour is done, read from the project's records (never from clicks): each check
 * returns the evidence that the step's work exists, or null while it does not.
 */
import type { Database } from 'better-sqlite3';
import { TOUR_STEP_IDS, type TourStepId } from '../contract/tour';

type Check = (db: Database, projectId: string) => string | null;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function row<T>(db: Database, sql: string, ...params: unknown[]): T | undefined {
  return db.prepare(sql).get(...params) as T | undefined;
}

const charter: Check = (db, projectId) => {
  const latest = row<{ version: number; n: number | null }>(db, "SELECT version, json_array_length(content, '$.successCriteria') AS n FROM charter_versions WHERE project_id = ? ORDER BY version DESC LIMIT 1", projectId);
  return latest && (latest.n ?? 0) >= 2 ? `charter v${latest.version} with ${plural(latest.n!, 'success criterion', 'success criteria')}` : null;
};

const imported: Check = (db, projectId) => {
  const first = row<{ name: string; version: number; rows: number }>(
    db,
    'SELECT d.name, v.version, v.row_count AS rows FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.project_id = ? ORDER BY v.created_at, v.version LIMIT 1',
    projectId,
  );
  return first ? `${first.name} v${first.version}: ${plural(first.rows, 'row')}` : null;
};

const profiled: Check = (db, projectId) => {
  const first = row<{ name: string; version: number; target: string }>(
    db,
    'SELECT d.name, v.version, p.target FROM profiles p JOIN dataset_versions v ON v.id = p.version_id JOIN datasets d ON d.id = v.dataset_id WHERE d.project_id = ? ORDER BY p.created_at LIMIT 1',
    projectId,
  );
  return first ? `profile of ${first.name} v${first.version}${first.target ? ` (target ${first.target})` : ''}` : null;
};

const recipeApplied: Check = (db, projectId) => {
  const first = row<{ recipe: string; recipeVersion: number; name: string; version: number }>(
    db,
    `SELECT r.name AS recipe, rv.version AS recipeVersion, d.name, v.version
     FROM recipe_applications a JOIN recipe_versions rv ON rv.id = a.recipe_version_id JOIN recipes r ON r.id = rv.recipe_id
     JOIN dataset_versions v ON v.id = a.output_version_id JOIN datasets d ON d.id = v.dataset_id
     WHERE r.project_id = ? ORDER BY a.created_at LIMIT 1`,
    projectId,
  );
  return first ? `recipe “${first.recipe}” v${first.recipeVersion} applied → ${first.name} v${first.version}` : null;
};

/** A baseline and a GBDT trained on the same out-of-time split (splits.spec is electron/ml/split.ts's SplitSpec). */
const baselinesAndGbdt: Check = (db, projectId) => {
  const split = row<{ column: string; models: string }>(
    db,
    `SELECT json_extract(s.spec, '$.column') AS column, group_concat(DISTINCT r.model) AS models
     FROM runs r JOIN splits s ON s.id = r.split_id
     WHERE r.project_id = ? AND json_extract(s.spec, '$.kind') = 'time'
     GROUP BY r.split_id HAVING sum(r.model = 'baseline') > 0 AND sum(r.model = 'gbdt') > 0
     ORDER BY min(r.created_at) LIMIT 1`,
    projectId,
  );
  return split ? `${split.models.split(',').join(', ')} on an out-of-time split by ${split.column}` : null;
};

/** A study with at least one completed trial: a study cancelled after a few trials has still tuned something. */
const tuned: Check = (db, projectId) => {
  const study = row<{ model: string; trials: number }>(
    db,
    "SELECT st.model, count(*) AS trials FROM studies st JOIN trials t ON t.study_id = st.id WHERE st.project_id = ? AND t.status = 'completed' GROUP BY st.id ORDER BY st.created_at LIMIT 1",
    projectId,
  );
  return study ? `study of ${study.model}: ${plural(study.trials, 'completed trial')}` : null;
};

/**
 * The compare view itself records nothing. What a comparison leaves is a choice: notes or tags written on a run (the
 * step asks for the pick and its reason in the run's notes), or a run carried forward to Evaluate.
 */
const compared: Check = (db, projectId) => {
  const noted = row<{ model: string }>(db, "SELECT model FROM runs WHERE project_id = ? AND (notes <> '' OR tags <> '[]') ORDER BY created_at LIMIT 1", projectId);
  if (noted) return `notes on the ${noted.model} run`;
  const evaluated = row<{ model: string }>(db, 'SELECT r.model FROM evaluations e JOIN runs r ON r.id = e.run_id WHERE e.project_id = ? ORDER BY e.created_at LIMIT 1', projectId);
  return evaluated ? `the ${evaluated.model} run chosen for evaluation` : null;
};

/** An evaluation whose report has a fairness section with groups (one without them says why it could not check). */
const evaluatedFairly: Check = (db, projectId) => {
  const first = row<{ model: string; attributes: string }>(
    db,
    `SELECT model, attributes FROM (
       SELECT r.model, e.created_at, (SELECT group_concat(json_extract(f.value, '$.attribute'), ', ') FROM json_each(e.report, '$.fairness') f
                                      WHERE json_array_length(f.value, '$.groups') > 0) AS attributes
       FROM evaluations e JOIN runs r ON r.id = e.run_id WHERE e.project_id = ?)
     WHERE attributes IS NOT NULL ORDER BY created_at LIMIT 1`,
    projectId,
  );
  return first ? `evaluation of the ${first.model} run with fairness by ${first.attributes}` : null;
};

/** Ever promoted to production (the history keeps it when a later version replaces it). */
const promoted: Check = (db, projectId) => {
  const first = row<{ name: string; version: number }>(
    db,
    `SELECT m.name, mv.version FROM model_events e JOIN model_versions mv ON mv.id = e.version_id JOIN models m ON m.id = mv.model_id
     WHERE m.project_id = ? AND e.action = 'stage' AND e.to_stage = 'production' ORDER BY e.id LIMIT 1`,
    projectId,
  );
  return first ? `${first.name}@${first.version} promoted to production` : null;
};

/** A bundle exported, and Try it used: the form and each tried row keep the run's summary in try_references. */
const bundledAndTried: Check = (db, projectId) => {
  const bundle = row<{ name: string; version: number }>(
    db,
    'SELECT m.name, mv.version FROM bundles b JOIN model_versions mv ON mv.id = b.version_id JOIN models m ON m.id = mv.model_id WHERE b.project_id = ? ORDER BY b.created_at LIMIT 1',
    projectId,
  );
  const tried = row(db, 'SELECT 1 FROM try_references t JOIN runs r ON r.id = t.run_id WHERE r.project_id = ? LIMIT 1', projectId);
  return bundle && tried ? `bundle of ${bundle.name}@${bundle.version} exported; Try it used` : null;
};

const VERDICT_WORDS = { drift: 'drift', some_drift: 'some drift', stable: 'stable' } as const;

const batchChecked: Check = (db, projectId) => {
  const first = row<{ name: string; verdict: keyof typeof VERDICT_WORDS; drifted: number; features: number }>(
    db,
    'SELECT name, verdict, drifted, features FROM monitor_batches WHERE project_id = ? ORDER BY created_at LIMIT 1',
    projectId,
  );
  return first ? `batch “${first.name}”: ${VERDICT_WORDS[first.verdict]} (${first.drifted} of ${plural(first.features, 'input')} drifted)` : null;
};

/** Raised is enough: acknowledging is up to the learner. */
const alerted: Check = (db, projectId) => {
  const { n, critical } = row<{ n: number; critical: number | null }>(db, "SELECT count(*) AS n, sum(severity = 'critical') AS critical FROM monitor_alerts WHERE project_id = ?", projectId)!;
  return n > 0 ? `${plural(n, 'alert')} raised${critical ? ` (${critical} critical)` : ''}` : null;
};

/** monitor.iterate marks the alert and writes a charter version noted "Next iteration: …" (monitor-iterate.ts). */
const iterated: Check = (db, projectId) => {
  const marked = row<{ version: number | null }>(db, "SELECT json_extract(iteration, '$.charterVersion') AS version FROM monitor_alerts WHERE project_id = ? AND iteration IS NOT NULL ORDER BY updated_at LIMIT 1", projectId);
  const noted = row<{ version: number }>(db, "SELECT version FROM charter_versions WHERE project_id = ? AND note LIKE 'Next iteration:%' ORDER BY version LIMIT 1", projectId);
  const version = marked?.version ?? noted?.version;
  if (version != null) return `next iteration started: charter v${version}`;
  return marked ? 'next iteration started' : null;
};

const CHECKS: Record<TourStepId, Check> = {
  'plan-charter': charter,
  'data-import': imported,
  'explore-profile': profiled,
  'prepare-recipe': recipeApplied,
  'train-split-baselines': baselinesAndGbdt,
  'train-tune': tuned,
  'train-compare': compared,
  'evaluate-report': evaluatedFairly,
  'deploy-register-promote': promoted,
  'deploy-bundle-try': bundledAndTried,
  'monitor-batch': batchChecked,
  'monitor-alert': alerted,
  'monitor-next-iteration': iterated,
};

/** Every step's evidence in the project (null: not done); all null without a project. */
export function tourEvidence(db: Database, projectId: string | null): Record<TourStepId, string | null> {
  return Object.fromEntries(TOUR_STEP_IDS.map((id) => [id, projectId ? CHECKS[id](db, projectId) : null])) as Record<TourStepId, string | null>;
}
