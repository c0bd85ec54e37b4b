/** A recipe's preview: the steps run on a sample of the version, and the last step's effect on the columns it touched. */
import type { ColumnSchema } from '../../contract/datasets';
import type { ColumnChange, RecipePreview, RecipeStep } from '../../contract/recipes';
import { normalizeRows, sqlIdent, type Duck } from '../duck';
import { loadTable, runSteps, visible, type RunOptions, type Table } from './engine';
import { isNumeric, isTemporal } from './step';

const BINS = 20;
const TOP = 8;
const MAX_CHARTS = 6;
const SHOWN_ROWS = 50;

type Side = NonNullable<ColumnChange['before']>;

/** A numeric or date column as numbers (dates in epoch milliseconds, as profiles chart them). */
const asNumber = (c: ColumnSchema) => (isTemporal(c) ? `epoch_ms(CAST(${sqlIdent(c.name)} AS TIMESTAMP))::DOUBLE` : `${sqlIdent(c.name)}::DOUBLE`);

async function histogramSides(duck: Duck, sides: { table: string; column: ColumnSchema }[]): Promise<Side[]> {
  // One set of edges for before and after, so the bars compare.
  const ranges = await Promise.all(sides.map((s) => duck.rows<{ lo: number | null; hi: number | null }>(`SELECT min(${asNumber(s.column)}) AS lo, max(${asNumber(s.column)}) AS hi FROM ${s.table}`)));
  const los = ranges.map((r) => r[0]?.lo).filter((v): v is number => v !== null && v !== undefined);
  const his = ranges.map((r) => r[0]?.hi).filter((v): v is number => v !== null && v !== undefined);
  const lo = los.length ? Math.min(...los) : 0;
  const hi = his.length ? Math.max(...his) : 0;
  const width = hi > lo ? (hi - lo) / BINS : 1;
  const edges = Array.from({ length: BINS + 1 }, (_, i) => lo + width * i);
  return Promise.all(
    sides.map(async (s) => {
      const x = asNumber(s.column);
      const rows = await duck.rows<{ b: number | null; n: number }>(
        `SELECT CASE WHEN ${x} IS NULL THEN NULL ELSE least(${BINS - 1}, floor((${x} - ${lo}) / ${width}))::INTEGER END AS b, count(*)::BIGINT AS n FROM ${s.table} GROUP BY b`,
      );
      const counts = new Array<number>(BINS).fill(0);
      let missing = 0;
      for (const r of rows) {
        if (r.b === null) missing += Number(r.n);
        else counts[r.b] = Number(r.n);
      }
      return { histogram: { edges, counts }, missing };
    }),
  );
}

async function topValueSide(duck: Duck, table: string, c: ColumnSchema): Promise<Side> {
  const id = sqlIdent(c.name);
  const rows = await duck.rows<{ v: string | null; n: number }>(`SELECT CAST(${id} AS VARCHAR) AS v, count(*)::BIGINT AS n FROM ${table} GROUP BY v ORDER BY n DESC, v LIMIT ${TOP + 1}`);
  const missing = Number(rows.find((r) => r.v === null)?.n ?? 0);
  return { topValues: rows.filter((r) => r.v !== null).slice(0, TOP).map((r) => ({ value: r.v!, count: Number(r.n) })), missing };
}

/** Before/after distributions of the columns a step touched (numbers and dates as histograms, others as top values). */
export async function columnChanges(duck: Duck, before: Table | null, after: Table, touched: string[]): Promise<ColumnChange[]> {
  const changes: ColumnChange[] = [];
  for (const name of touched.slice(0, MAX_CHARTS)) {
    const b = before?.columns.find((c) => c.name === name);
    const a = after.columns.find((c) => c.name === name);
    const sides = [b && before ? { table: before.name, column: b } : null, a ? { table: after.name, column: a } : null];
    const numeric = sides.every((s) => !s || isNumeric(s.column) || isTemporal(s.column));
    let values: (Side | null)[];
    if (numeric) {
      const present = sides.filter((s): s is { table: string; column: ColumnSchema } => s !== null);
      const computed = await histogramSides(duck, present);
      values = sides.map((s) => (s ? computed[present.indexOf(s)]! : null));
    } else {
      values = await Promise.all(sides.map((s) => (s ? topValueSide(duck, s.table, s.column) : null)));
    }
    changes.push({ column: name, before: values[0] ?? null, after: values[1] ?? null });
  }
  return changes;
}

export async function previewRecipe(
  duck: Duck,
  source: { path: string; columns: ColumnSchema[] },
  steps: RecipeStep[],
  options: { upTo?: number | undefined; sampleRows: number; resolveVersion: RunOptions['resolveVersion'] },
): Promise<RecipePreview> {
  const start = await loadTable(duck, source.path, source.columns, options.sampleRows);
  const shown = steps.slice(0, options.upTo === undefined ? steps.length : options.upTo + 1);
  const run = await runSteps(duck, start, shown, { strict: false, resolveVersion: options.resolveVersion, collectError: true });
  const lastRan = run.reports.at(-1);
  const changes = run.error || !lastRan || lastRan.index !== shown.length - 1 || lastRan.status === 'skipped' ? [] : await columnChanges(duck, run.lastInput, run.table, run.lastTouched);
  const { columns: names, rows } = await duck.arrays(visible(run.table.name, run.ordered, SHOWN_ROWS));
  const columns = names.map((n) => run.table.columns.find((c) => c.name === n)!);
  // The input of the previewed step: the table it read if it ran, else the last table made (it failed or was skipped).
  const applied = !run.error && lastRan?.index === shown.length - 1 && lastRan.status !== 'skipped';
  const inputColumns = applied ? (run.lastInput?.columns ?? start.columns) : run.table.columns;
  return {
    sampleRows: start.rows,
    totalRows: start.total,
    sampled: start.rows < start.total,
    steps: run.reports,
    error: run.error,
    changes,
    inputColumns,
    columns,
    rows: normalizeRows(rows, columns),
  };
}
