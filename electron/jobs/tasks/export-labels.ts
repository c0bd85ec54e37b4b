/**
 * The `labels.export` job: a labeling session's labels written into a new dataset version — the source rows in their
 * order and types, the target column filled from people's labels (resolved by the consensus rule; a person's label
 * replaces the data's value), optionally only the labeled rows. Lineage names the source version and the labelers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnSchema } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { LabelExportResult } from '../../contract/labels';
import { DatasetService } from '../../core/datasets';
import { LabelStore } from '../../core/labels';
import { openWorkspace } from '../../core/workspace';
import { sqlIdent, sqlString, withDuck, type Duck } from '../../data/duck';
import { resolveLabels } from '../../ml/active/consensus';
import type { TaskContext } from '../tasks';

export interface ExportLabelsJobInput {
  sessionId: string;
  projectId: string;
  name: string;
  onlyLabeled: boolean;
  labeler: string | null;
}

async function loadLabels(duck: Duck, labels: ReadonlyMap<number, string>): Promise<void> {
  await duck.run('CREATE TABLE labels (r BIGINT, label VARCHAR)');
  const appender = await duck.connection.createAppender('labels');
  for (const [row, label] of labels) {
    appender.appendBigInt(BigInt(row));
    appender.appendVarchar(label);
    appender.endRow();
  }
  appender.closeSync();
}

/** A label that does not come back unchanged through the column's type ("maybe" in a yes/no column) turns the column into text. */
async function keepsType(duck: Duck, storageType: string): Promise<string | null> {
  const [bad] = await duck.rows<{ label: string }>(`SELECT label FROM labels WHERE CAST(TRY_CAST(label AS ${storageType}) AS VARCHAR) IS DISTINCT FROM label LIMIT 1`);
  return bad?.label ?? null;
}

export async function exportLabels(input: ExportLabelsJobInput, ctx: TaskContext): Promise<LabelExportResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const store = new LabelStore(ws.db, ws.objects);
    const datasets = new DatasetService(ws.db);
    const session = store.get(input.sessionId);
    const version = datasets.version(session.versionId);
    const current = store.current(session.id, input.labeler ?? undefined);
    const resolved = resolveLabels(current);
    if (input.labeler !== null && current.length === 0) throw new GyreError('VALIDATION', `${input.labeler} has no labels in this session.`, { field: 'labeler' });
    const labels = new Map([...resolved].map(([row, r]) => [row, r.label]));
    const dataOf = new Map(current.map((l) => [l.row, l.dataLabel]));
    const relabeled = [...labels].filter(([row, label]) => (dataOf.get(row) ?? null) !== null && dataOf.get(row) !== label).length;
    const labelers = [...new Set(current.map((l) => l.labeler))].sort();

    ctx.report(0.1, `Writing ${labels.size.toLocaleString('en')} labels into ${session.target}`);
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const out = join(tmpDir, 'data.parquet');
    const warnings: string[] = [];
    const { columns, rows } = await withDuck(async (duck) => {
      await loadLabels(duck, labels);
      const t = sqlIdent(session.target);
      const existing = version.columns.find((c) => c.name === session.target);
      let column: ColumnSchema = existing ?? { name: session.target, semanticType: 'categorical', storageType: 'VARCHAR' };
      let value: string;
      if (!existing) value = `l.label AS ${t}`;
      else {
        const bad = existing.storageType === 'VARCHAR' ? null : await keepsType(duck, existing.storageType);
        if (bad !== null) {
          warnings.push(`"${bad}" is not a ${existing.semanticType} value, so ${session.target} is stored as text in the new version.`);
          column = { name: session.target, semanticType: 'categorical', storageType: 'VARCHAR' };
          value = `coalesce(l.label, CAST(d.${t} AS VARCHAR)) AS ${t}`;
        } else value = `coalesce(CAST(l.label AS ${existing.storageType}), d.${t}) AS ${t}`;
      }
      const select = existing ? `d.* EXCLUDE (file_row_number) REPLACE (${value})` : `d.* EXCLUDE (file_row_number), ${value}`;
      const where = input.onlyLabeled ? `WHERE l.label IS NOT NULL${existing ? ` OR d.${t} IS NOT NULL` : ''}` : '';
      const sql = `SELECT ${select} FROM read_parquet(${sqlString(ws.objects.pathOf(version.objectSha256))}, file_row_number = true) d LEFT JOIN labels l ON l.r = d.file_row_number ${where} ORDER BY d.file_row_number`;
      await duck.run(`COPY (${sql}) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd)`);
      const [{ n }] = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(out)})`)) as [{ n: number }];
      const columns = existing ? version.columns.map((c) => (c.name === session.target ? column : c)) : [...version.columns, column];
      return { columns, rows: Number(n) };
    });

    ctx.report(0.9, 'Saving the dataset version');
    const object = await ws.objects.putFile(out, 'application/vnd.apache.parquet');
    const conflicts = [...resolved.values()].filter((r) => r.conflict).length;
    const by = labelers.length ? `labels by ${labelers.join(', ')} (${current.length.toLocaleString('en')} labels, ${labels.size.toLocaleString('en')} rows)` : 'no labels by people';
    const settled = conflicts === 1 ? '1 disagreement settled' : `${conflicts.toLocaleString('en')} disagreements settled`;
    const operation = `${by} into ${session.target}${conflicts ? `; ${settled} by majority, then the most recent` : ''}${input.onlyLabeled ? '; labeled rows only' : ''}`;
    const saved = datasets.addVersion({ projectId: input.projectId, datasetName: input.name, objectSha256: object.sha256, rowCount: rows, columns, source: null, readOptions: {}, operation, parentIds: [version.id], jobId: ctx.jobId });
    return { datasetId: saved.datasetId, datasetName: input.name, versionId: saved.id, version: saved.version, rows, labeledByPeople: labels.size, relabeled, conflicts, labelers, warnings };
  } finally {
    ws.close();
  }
}
