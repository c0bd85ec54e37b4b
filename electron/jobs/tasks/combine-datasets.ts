/** The `dataset.combine` job: append or join dataset versions into a new version whose lineage names its parents. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnSchema, CombineInput, ImportResult } from '../../contract/datasets';
import { DatasetService } from '../../core/datasets';
import { openWorkspace } from '../../core/workspace';
import { appendSql, assertUniqueKeys, joinSql, type CombineSource } from '../../data/combine';
import { sqlString, withDuck } from '../../data/duck';
import type { TaskContext } from '../tasks';

export type CombineJobInput = CombineInput;

/** Storage types as written (UNION BY NAME may widen them); an integer widened to a float becomes a float. */
function withStoredTypes(columns: ColumnSchema[], described: { column_name: string; column_type: string }[]): ColumnSchema[] {
  return columns.map((c) => {
    const storageType = described.find((d) => d.column_name === c.name)?.column_type ?? c.storageType;
    const semanticType = c.semanticType === 'integer' && /DOUBLE|FLOAT|DECIMAL/.test(storageType) ? 'float' : c.semanticType;
    return { ...c, storageType, semanticType };
  });
}

export async function combineDatasets(input: CombineJobInput, ctx: TaskContext): Promise<ImportResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const datasets = new DatasetService(ws.db);
    const sources: CombineSource[] = input.versionIds.map((id) => {
      const v = datasets.version(id);
      const d = datasets.get(input.projectId, v.datasetId);
      return { label: `${d.name} v${v.version}`, path: ws.objects.pathOf(v.objectSha256), columns: v.columns };
    });
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const target = join(tmpDir, 'data.parquet');
    ctx.report(0.1, input.operation === 'append' ? `Appending ${sources.length} versions` : `Joining ${sources[0]!.label} with ${sources[1]!.label}`);
    const { columns, rows } = await withDuck(async (duck) => {
      const plan = input.operation === 'append' ? appendSql(sources) : joinSql(sources[0]!, sources[1]!, input.keys, input.how);
      if (input.operation === 'join') await assertUniqueKeys(duck, sources[1]!, input.keys);
      await duck.run(`COPY (${plan.sql}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`);
      const described = await duck.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(target)})`);
      const [{ n }] = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(target)})`)) as [{ n: number }];
      return { columns: withStoredTypes(plan.columns, described), rows: Number(n) };
    });
    ctx.report(0.9, 'Saving the dataset version');
    const object = await ws.objects.putFile(target, 'application/vnd.apache.parquet');
    const operation = input.operation === 'append' ? 'append' : `${input.how} join on ${input.keys.join(', ')}`;
    const version = datasets.addVersion({
      projectId: input.projectId,
      datasetName: input.name,
      objectSha256: object.sha256,
      rowCount: rows,
      columns,
      source: null,
      readOptions: {},
      operation,
      parentIds: [...input.versionIds],
      jobId: ctx.jobId,
    });
    return { datasetId: version.datasetId, versionId: version.id, version: version.version, deduplicated: false, skippedRows: 0, renamed: [], warnings: [] };
  } finally {
    ws.close();
  }
}
