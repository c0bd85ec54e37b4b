/**
 * The model registry in SQLite: models by name per project, numbered versions pointing at runs, stage moves
 * guarded by the success gate (or an override with a reason), and every change recorded with who and when.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { ModelEvent, ModelStage, ModelVersion, ModelVersionDetail, RegisteredModel, VersionGate } from '../contract/registry';
import type { ModelKind, ModelTask } from '../contract/runs';
import { registryLineage } from './lineage';

const newId = (prefix: string) => prefix + randomBytes(8).toString('hex');

/** The shortest override reason that says something. */
const MIN_REASON = 10;

interface VersionRow {
  id: string;
  project_id: string;
  name: string;
  version: number;
  stage: ModelStage;
  description: string;
  threshold: number | null;
  run_id: string;
  model: ModelKind;
  task: ModelTask;
  target: string;
  dataset_id: string;
  dataset_name: string;
  dataset_version: number;
  created_at: string;
}

const SELECT = `SELECT mv.id, m.project_id, m.name, mv.version, mv.stage, mv.description, mv.threshold, mv.run_id, r.model, r.task, r.target,
    d.id AS dataset_id, d.name AS dataset_name, v.version AS dataset_version, mv.created_at
  FROM model_versions mv JOIN models m ON m.id = mv.model_id JOIN runs r ON r.id = mv.run_id
    JOIN dataset_versions v ON v.id = r.version_id JOIN datasets d ON d.id = v.dataset_id`;

export class ModelRegistry {
  constructor(
    private readonly db: Database,
    /** Who is acting: the operating-system user of the process. */
    private readonly actor: () => string,
  ) {}

  register(runId: string, projectId: string, name: string, description: string): ModelVersion {
    const id = this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id FROM models WHERE project_id = ? AND name = ?').get(projectId, name) as { id: string } | undefined;
      const modelId = existing?.id ?? newId('mdl_');
      if (!existing) this.db.prepare('INSERT INTO models (id, project_id, name, created_at) VALUES (?, ?, ?, ?)').run(modelId, projectId, name, now());
      const version = (this.db.prepare('SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE model_id = ?').pluck().get(modelId) as number) ?? 1;
      const versionId = newId('mv_');
      this.db.prepare("INSERT INTO model_versions (id, model_id, version, run_id, stage, description, created_at) VALUES (?, ?, ?, ?, 'candidate', ?, ?)").run(versionId, modelId, version, runId, description, now());
      this.event(versionId, { action: 'registered', to: 'candidate', reason: description });
      return versionId;
    })();
    return this.version(id);
  }

  list(projectId: string, runId?: string): RegisteredModel[] {
    const rows = this.db.prepare(`${SELECT} WHERE m.project_id = ? ORDER BY m.name, mv.version DESC`).all(projectId) as VersionRow[];
    const byName = new Map<string, RegisteredModel>();
    for (const row of rows) {
      const model = byName.get(row.name) ?? { name: row.name, projectId, createdAt: row.created_at, versions: [], production: null };
      model.versions.push(this.toVersion(row));
      if (row.stage === 'production') model.production = row.version;
      model.createdAt = row.created_at < model.createdAt ? row.created_at : model.createdAt;
      byName.set(row.name, model);
    }
    const models = [...byName.values()];
    return runId ? models.filter((m) => m.versions.some((v) => v.runId === runId)) : models;
  }

  /** `name@3`, `name` (its newest version) or a version id, within a project. */
  resolve(projectId: string, ref: string): ModelVersion {
    const byId = this.db.prepare(`${SELECT} WHERE mv.id = ? AND m.project_id = ?`).get(ref, projectId) as VersionRow | undefined;
    if (byId) return this.toVersion(byId);
    const at = ref.lastIndexOf('@');
    const name = at === -1 ? ref : ref.slice(0, at);
    const wanted = at === -1 ? null : ref.slice(at + 1);
    const versions = this.db.prepare(`${SELECT} WHERE m.project_id = ? AND m.name = ? ORDER BY mv.version DESC`).all(projectId, name) as VersionRow[];
    if (versions.length === 0) throw new GyreError('NOT_FOUND', `No model "${name}" in this project.`, { field: 'model' });
    if (wanted === null) return this.toVersion(versions[0]!);
    const n = Number(wanted);
    const row = versions.find((v) => v.version === n);
    if (!row) throw new GyreError('NOT_FOUND', `${name} has no version "${wanted}" (it has ${versions.map((v) => v.version).sort((a, b) => a - b).join(', ')}).`, { field: 'model' });
    return this.toVersion(row);
  }

  detail(projectId: string, ref: string): ModelVersionDetail {
    const version = this.resolve(projectId, ref);
    return { ...version, history: this.history(version.id), lineage: registryLineage(this.db, version) };
  }

  promote(projectId: string, ref: string, stage: ModelStage, reason: string, override: boolean): ModelVersion {
    const version = this.resolve(projectId, ref);
    if (version.stage === stage) throw new GyreError('VALIDATION', `${version.name}@${version.version} is already in ${stage}.`, { field: 'stage' });
    const gate = version.gate;
    if (stage === 'production' && gate?.passed !== true) {
      const why = gate === null ? 'has not been evaluated' : gate.passed === null ? "was evaluated against a charter with no success criteria" : 'does not pass the success gate in its latest evaluation';
      if (!override) throw new GyreError('VALIDATION', `${version.name}@${version.version} ${why}; evaluate it, or override with a written reason.`, { field: 'stage' });
      if (reason.length < MIN_REASON) throw new GyreError('VALIDATION', `An override needs a written reason of at least ${MIN_REASON} characters: it is kept with the model's history.`, { field: 'reason' });
    }
    this.db.transaction(() => {
      if (stage === 'production') {
        const current = this.db.prepare("SELECT mv.id, mv.version FROM model_versions mv JOIN models m ON m.id = mv.model_id WHERE m.project_id = ? AND m.name = ? AND mv.stage = 'production'").get(projectId, version.name) as { id: string; version: number } | undefined;
        if (current) {
          this.db.prepare("UPDATE model_versions SET stage = 'archived' WHERE id = ?").run(current.id);
          this.event(current.id, { action: 'stage', from: 'production', to: 'archived', reason: `Replaced in production by version ${version.version}.` });
        }
      }
      this.db.prepare('UPDATE model_versions SET stage = ? WHERE id = ?').run(stage, version.id);
      this.event(version.id, { action: 'stage', from: version.stage, to: stage, reason, override: stage === 'production' && gate?.passed !== true, gate });
    })();
    return this.version(version.id);
  }

  update(projectId: string, ref: string, change: { description?: string; threshold?: number | null }): ModelVersion {
    const version = this.resolve(projectId, ref);
    if (change.threshold !== undefined && version.task !== 'binary') throw new GyreError('VALIDATION', `A decision threshold applies to binary classification; ${version.name}@${version.version} is ${version.task}.`, { field: 'threshold' });
    this.db.transaction(() => {
      if (change.description !== undefined && change.description !== version.description) {
        this.db.prepare('UPDATE model_versions SET description = ? WHERE id = ?').run(change.description, version.id);
        this.event(version.id, { action: 'description', detail: change.description });
      }
      if (change.threshold !== undefined && change.threshold !== version.threshold) {
        this.db.prepare('UPDATE model_versions SET threshold = ? WHERE id = ?').run(change.threshold, version.id);
        this.event(version.id, { action: 'threshold', detail: change.threshold === null ? 'reset to 0.5' : String(change.threshold) });
      }
    })();
    return this.version(version.id);
  }

  private version(id: string): ModelVersion {
    return this.toVersion(this.db.prepare(`${SELECT} WHERE mv.id = ?`).get(id) as VersionRow);
  }

  private history(versionId: string): ModelEvent[] {
    const modelId = this.db.prepare('SELECT model_id FROM model_versions WHERE id = ?').pluck().get(versionId) as string;
    const rows = this.db
      .prepare(
        `SELECT e.at, e.actor, mv.version, e.action, e.from_stage, e.to_stage, e.reason, e.override, e.gate_passed, e.evaluation_id, e.detail
         FROM model_events e JOIN model_versions mv ON mv.id = e.version_id WHERE mv.model_id = ? ORDER BY e.id DESC`,
      )
      .all(modelId) as { at: string; actor: string; version: number; action: ModelEvent['action']; from_stage: ModelStage | null; to_stage: ModelStage | null; reason: string; override: 0 | 1; gate_passed: 0 | 1 | null; evaluation_id: string | null; detail: string | null }[];
    return rows.map((r) => ({ at: r.at, actor: r.actor, version: r.version, action: r.action, from: r.from_stage, to: r.to_stage, reason: r.reason, override: r.override === 1, gatePassed: r.gate_passed === null ? null : r.gate_passed === 1, evaluationId: r.evaluation_id, detail: r.detail }));
  }

  private gate(runId: string): VersionGate | null {
    const row = this.db
      .prepare(
        `SELECT e.id, e.passed, e.rows, e.created_at, d.name, v.version FROM evaluations e JOIN dataset_versions v ON v.id = e.version_id JOIN datasets d ON d.id = v.dataset_id
         WHERE e.run_id = ? ORDER BY e.created_at DESC, e.rowid DESC LIMIT 1`,
      )
      .get(runId) as { id: string; passed: 0 | 1 | null; rows: 'test' | 'all'; created_at: string; name: string; version: number } | undefined;
    if (!row) return null;
    return { evaluationId: row.id, passed: row.passed === null ? null : row.passed === 1, rows: row.rows === 'test' ? 'its test rows' : `all rows of ${row.name} v${row.version}`, createdAt: row.created_at };
  }

  private toVersion(r: VersionRow): ModelVersion {
    return {
      id: r.id,
      projectId: r.project_id,
      name: r.name,
      version: r.version,
      stage: r.stage,
      description: r.description,
      threshold: r.threshold,
      runId: r.run_id,
      model: r.model,
      task: r.task,
      target: r.target,
      dataset: { id: r.dataset_id, name: r.dataset_name, version: r.dataset_version },
      createdAt: r.created_at,
      gate: this.gate(r.run_id),
    };
  }

  private event(versionId: string, e: { action: ModelEvent['action']; from?: ModelStage; to?: ModelStage; reason?: string; override?: boolean; gate?: VersionGate | null; detail?: string }): void {
    this.db
      .prepare('INSERT INTO model_events (version_id, at, actor, action, from_stage, to_stage, reason, override, gate_passed, evaluation_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(versionId, now(), this.actor(), e.action, e.from ?? null, e.to ?? null, e.reason ?? '', e.override ? 1 : 0, e.gate ? (e.gate.passed === null ? null : e.gate.passed ? 1 : 0) : null, e.gate?.evaluationId ?? null, e.detail ?? null);
  }
}

const now = () => new Date().toISOString();
