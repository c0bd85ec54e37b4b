/** Computes the profile of one dataset version with DuckDB over its Parquet object. Runs in a worker process. */
import type { ColumnSchema, DatasetVersion, SemanticType } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { ColumnProfile, Profile } from '../../contract/profiles';
import { sqlIdent, sqlString, type Duck } from '../duck';
import { buildAlerts } from './alerts';
import { EXACT_DISTINCT_ROWS, profileColumns } from './columns';
import { CORRELATION_SAMPLE, categoricalFeatures, cramersVMatrix, numericFeatures, pearson, spearman } from './correlations';
import { detectPii, type PiiKind } from './pii';
import { analyseTarget } from './target';

const PII_SAMPLE = 200;
const MAX_PATTERN_COLUMNS = 64;

/** Rows minus distinct rows; rows are compared by a 64-bit hash of all their values (collisions ~1e-8 at 1M rows). */
async function duplicateRows(duck: Duck, columns: ColumnSchema[]): Promise<number> {
  const [r] = await duck.rows<{ d: number }>(`SELECT (count(*) - count(DISTINCT hash(${columns.map((c) => sqlIdent(c.name)).join(', ')})))::BIGINT AS d FROM data`);
  return Number(r?.d ?? 0);
}

async function missingPatterns(duck: Duck, profiles: ColumnProfile[]): Promise<Profile['missingness']> {
  const withMissing = profiles.filter((p) => p.missing > 0).slice(0, MAX_PATTERN_COLUMNS);
  if (withMissing.length === 0) return { patterns: [] };
  const flags = withMissing.map((p) => `CASE WHEN ${sqlIdent(p.name)} IS NULL THEN '1' ELSE '0' END`).join(' || ');
  const rows = await duck.rows<{ p: string; n: number }>(`SELECT ${flags} AS p, count(*)::BIGINT AS n FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 12`);
  return { patterns: rows.map((r) => ({ columns: withMissing.filter((_, i) => r.p[i] === '1').map((c) => c.name), rows: Number(r.n) })) };
}

async function personalData(duck: Duck, columns: ColumnSchema[]): Promise<Map<string, PiiKind>> {
  const found = new Map<string, PiiKind>();
  for (const c of columns) {
    const textual = c.storageType === 'VARCHAR';
    const longNumber = /INT/.test(c.storageType); // card numbers stored as integers
    if (!textual && !longNumber) continue;
    const values = await duck.rows<{ v: string }>(`SELECT DISTINCT CAST(${sqlIdent(c.name)} AS VARCHAR) AS v FROM sample WHERE ${sqlIdent(c.name)} IS NOT NULL LIMIT ${PII_SAMPLE}`);
    const kind = detectPii(c.name, values.map((r) => r.v));
    if (kind && (textual || kind === 'payment card numbers')) found.set(c.name, kind);
  }
  return found;
}

/**
 * Temp table `sample`: every row of a small version; of a large one, the rows whose position hashes into one of
 * ⌈rows / 50,000⌉ buckets. A streaming filter: faster than a reservoir, and the same rows whatever the thread count.
 */
async function createSample(duck: Duck, parquetPath: string, rows: number): Promise<number> {
  const every = Math.ceil(rows / CORRELATION_SAMPLE);
  const filter = every > 1 ? `WHERE hash(file_row_number) % ${every} = 0` : '';
  await duck.run(`CREATE OR REPLACE TEMP TABLE sample AS SELECT * EXCLUDE (file_row_number) FROM read_parquet(${sqlString(parquetPath)}, file_row_number = true) ${filter}`);
  const [{ n }] = (await duck.rows<{ n: number }>('SELECT count(*)::BIGINT AS n FROM sample')) as [{ n: number }];
  return Number(n);
}

export async function computeProfile(duck: Duck, parquetPath: string, version: DatasetVersion, storedBytes: number, target: string | undefined, report: (fraction: number, message: string) => void): Promise<Profile> {
  const columns = version.columns;
  if (target && !columns.some((c) => c.name === target)) throw new GyreError('VALIDATION', `This dataset version has no column "${target}" to use as the target.`, { field: 'target' });
  await duck.run(`CREATE OR REPLACE TEMP VIEW data AS SELECT * FROM read_parquet(${sqlString(parquetPath)})`);
  const [{ n }] = (await duck.rows<{ n: number }>('SELECT count(*)::BIGINT AS n FROM data')) as [{ n: number }];
  const rows = Number(n);
  const profiles = await profileColumns(duck, 'data', rows, columns, (i) =>
    report(0.05 + 0.55 * (i / columns.length), `Profiling ${columns.length} columns (${Math.min(columns.length, Math.ceil(i + 1))} done)`),
  );
  report(0.6, 'Looking for duplicate rows');
  const duplicates = await duplicateRows(duck, columns);
  report(0.65, 'Computing correlations');
  const sampledRows = await createSample(duck, parquetPath, rows);
  const distinct = new Map(profiles.map((p) => [p.name, p.distinct]));
  const numeric = numericFeatures(columns);
  const correlations = {
    pearson: await pearson(duck, 'sample', numeric),
    spearman: await spearman(duck, 'sample', numeric),
    cramersV: await cramersVMatrix(duck, 'sample', categoricalFeatures(columns, distinct)),
    sampledRows,
  };
  report(0.8, 'Missing-value patterns and personal data');
  const missingness = await missingPatterns(duck, profiles);
  const pii = await personalData(duck, columns);
  const targetProfile = target ? profiles.find((p) => p.name === target)! : null;
  report(0.9, target ? `Relating features to the target "${target}"` : 'Writing alerts');
  const targetAnalysis = targetProfile ? await analyseTarget(duck, 'sample', targetProfile, columns, distinct) : null;
  const missingCells = profiles.reduce((s, p) => s + p.missing, 0);
  const typeCounts: Partial<Record<SemanticType, number>> = {};
  for (const c of columns) typeCounts[c.semanticType] = (typeCounts[c.semanticType] ?? 0) + 1;
  return {
    versionId: version.id,
    computedAt: new Date().toISOString(),
    overview: { rows, columns: columns.length, missingCells, missingCellsPct: rows && columns.length ? (missingCells / (rows * columns.length)) * 100 : 0, duplicateRows: duplicates, storedBytes, typeCounts, approximate: rows > EXACT_DISTINCT_ROWS },
    columns: profiles,
    correlations,
    missingness,
    target: targetAnalysis,
    alerts: buildAlerts({ rows, columns: profiles, duplicateRows: duplicates, pearson: correlations.pearson, target: targetAnalysis, personalData: pii }),
  };
}
