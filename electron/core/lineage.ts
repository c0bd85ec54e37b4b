/**
 * Where a model version came from, as a graph: the charter version in force when its run was trained → the
 * dataset versions (and the versions they were made from) → the split → the run → its evaluations → the version.
 */
import type { Database } from 'better-sqlite3';
import type { Lineage, LineageNode, ModelVersion } from '../contract/registry';
import { charterVersionAt } from './charters';

interface VersionRow {
  id: string;
  version: number;
  name: string;
  row_count: number;
  operation: string;
  parent_ids: string;
  source_name: string | null;
}

export function registryLineage(db: Database, v: ModelVersion): Lineage {
  const nodes: LineageNode[] = [];
  const edges: Lineage['edges'] = [];
  const run = db.prepare('SELECT r.id, r.model, r.created_at, r.version_id, r.split_id, r.metrics, s.spec, s.train_rows, s.test_rows FROM runs r JOIN splits s ON s.id = r.split_id WHERE r.id = ?').get(v.runId) as {
    id: string;
    model: string;
    created_at: string;
    version_id: string;
    split_id: string;
    spec: string;
    train_rows: number;
    test_rows: number;
  };

  // Dataset versions, walking parents (combined or derived versions) up to their sources.
  const readVersion = db.prepare('SELECT v.id, v.version, d.name, v.row_count, v.operation, v.parent_ids, v.source_name FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?');
  const seen = new Set<string>();
  const walk = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const row = readVersion.get(id) as VersionRow | undefined;
    if (!row) return;
    nodes.push({ id: row.id, kind: 'dataset', label: `${row.name} v${row.version}`, detail: `${row.row_count.toLocaleString('en')} rows · ${row.source_name ? `from ${row.source_name}` : row.operation}` });
    for (const parent of JSON.parse(row.parent_ids) as string[]) {
      walk(parent);
      edges.push({ from: parent, to: row.id });
    }
  };
  walk(run.version_id);

  const charter = charterVersionAt(db, v.projectId, run.created_at);
  if (charter) {
    const id = `charter:${charter.version}`;
    nodes.unshift({ id, kind: 'charter', label: `Charter v${charter.version}`, detail: 'in force when the run was trained' });
    edges.push({ from: id, to: run.version_id });
  }

  const spec = JSON.parse(run.spec) as { kind: string };
  nodes.push({ id: run.split_id, kind: 'split', label: `${spec.kind} split`, detail: `${run.train_rows.toLocaleString('en')} train / ${run.test_rows.toLocaleString('en')} test rows` });
  edges.push({ from: run.version_id, to: run.split_id });
  nodes.push({ id: run.id, kind: 'run', label: `${run.model} · ${run.id.slice(0, 12)}`, detail: `trained ${run.created_at.slice(0, 16).replace('T', ' ')}` });
  edges.push({ from: run.split_id, to: run.id });

  const evaluations = db
    .prepare('SELECT e.id, e.rows, e.passed, e.version_id, d.name, v.version FROM evaluations e JOIN dataset_versions v ON v.id = e.version_id JOIN datasets d ON d.id = v.dataset_id WHERE e.run_id = ? ORDER BY e.created_at')
    .all(run.id) as { id: string; rows: string; passed: 0 | 1 | null; version_id: string; name: string; version: number }[];
  const modelNode = `model:${v.id}`;
  for (const e of evaluations) {
    nodes.push({ id: e.id, kind: 'evaluation', label: `Evaluation ${e.id.slice(0, 10)}`, detail: `${e.rows === 'test' ? 'test rows' : 'all rows'} of ${e.name} v${e.version} · gate ${e.passed === null ? 'not judged' : e.passed ? 'passed' : 'not passed'}` });
    edges.push({ from: run.id, to: e.id });
    if (e.version_id !== run.version_id && !seen.has(e.version_id)) {
      walk(e.version_id);
    }
    if (e.version_id !== run.version_id) edges.push({ from: e.version_id, to: e.id });
    edges.push({ from: e.id, to: modelNode });
  }
  nodes.push({ id: modelNode, kind: 'model', label: `${v.name}@${v.version}`, detail: v.stage });
  edges.push({ from: run.id, to: modelNode });
  return { nodes, edges };
}
