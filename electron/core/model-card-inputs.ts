/**
 * What a model card is written from, read in one place: the registered version (gate, history, lineage), its run,
 * the dataset version it trained on, the charter in force when it was trained, and the evaluation its gate reads.
 */
import type { Database } from 'better-sqlite3';
import type { CharterContent } from '../contract/charters';
import type { DatasetVersion } from '../contract/datasets';
import type { EvaluationDetail } from '../contract/evaluations';
import type { ModelVersionDetail } from '../contract/registry';
import type { Run } from '../contract/runs';
import { charterVersionAt } from './charters';
import { DatasetService } from './datasets';
import { EvaluationStore } from './evaluations';
import { ModelRegistry } from './registry';
import { RunStore } from './runs';
import type { ObjectStore } from './store/objects';

export interface CardCharter {
  version: number;
  content: CharterContent;
  createdAt: string;
  /** False when no version existed when the run was trained and the card falls back to the newest one. */
  inForce: boolean;
}

export interface CardInputs {
  version: ModelVersionDetail;
  run: Run;
  dataset: DatasetVersion;
  /** The dataset version's stored (Parquet) file size in bytes. */
  datasetBytes: number | null;
  charter: CardCharter | null;
  /** The evaluation the version's success gate reads (its run's newest); null when not evaluated yet. */
  evaluation: EvaluationDetail | null;
  /** Whether the run's ONNX file is in this workspace's object store. */
  modelFilePresent: boolean;
}

export function readCardInputs(db: Database, objects: ObjectStore, projectId: string, ref: string): CardInputs {
  // Reading only: the registry's actor is never asked for.
  const version = new ModelRegistry(db, () => 'model card').detail(projectId, ref);
  const run = new RunStore(db).get(version.runId);
  const dataset = new DatasetService(db).version(run.versionId);
  const evaluation = version.gate ? new EvaluationStore(db).get(version.gate.evaluationId) : null;
  const datasetBytes = (db.prepare('SELECT size FROM objects WHERE sha256 = ?').pluck().get(dataset.objectSha256) as number | undefined) ?? null;
  return { version, run, dataset, datasetBytes, charter: charterInForce(db, projectId, run.createdAt), evaluation, modelFilePresent: objects.has(run.onnx.sha256) };
}

/** The charter version in force when the run was trained (as the lineage names it); else the newest, marked so. */
function charterInForce(db: Database, projectId: string, trainedAt: string): CardCharter | null {
  type Row = { version: number; content: string; created_at: string };
  const atTraining = charterVersionAt(db, projectId, trainedAt);
  const row = atTraining ?? (db.prepare('SELECT version, content, created_at FROM charter_versions WHERE project_id = ? ORDER BY version DESC LIMIT 1').get(projectId) as Row | undefined);
  return row ? { version: row.version, content: JSON.parse(row.content) as CharterContent, createdAt: row.created_at, inForce: atTraining !== undefined } : null;
}
