/**
 * The leaderboard in SQL: one problem's runs filtered, sorted by any column and cut into pages by SQLite, so
 * opening 10,000 runs sends the 200 in view, not 10 MB of summaries. Column values are read from the runs' JSON
 * with json_extract; the search line's words become one condition each.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { METRICS, type Metric } from '../contract/charter-vocabulary';
import type { SuccessCriterion } from '../contract/charters';
import { criterionSource } from '../contract/criteria';
import { GyreError } from '../contract/errors';
import { BoardInput, BoardStatsInput, COMPARISON, isFiltering, type BoardColumn, type ColumnRange, type RunBoard, type RunBoardStats, type RunProblem } from '../contract/leaderboard';
import type { ModelKind, ModelTask } from '../contract/runs';
import { SUMMARY_SELECT, toSummary, type SummaryRow } from './runs';



/** A JSON path to one key of an object, quoted so that no key is read as a path. */
const path = (key: string) => `$."${key}"`;
const NUMBER = "IN ('integer', 'real')";

/** The SQL value of a column for a run of `task`; keys are checked by the contract's grammar before they get here. */
function columnSql(column: BoardColumn, task: ModelTask): string {
  if (column === 'train') return 'r.train_seconds';
  if (column === 'latency') return "json_extract(r.cost, '$.latencyP95Ms')";
  if (column === 'size') return 'o.size';
  if (column === 'created') return 'r.created_at';
  const [kind, key] = column.split(':') as [string, string];
  if (!/^\w+$/.test(key)) throw new GyreError('VALIDATION', `Not a leaderboard column: "${column}".`, { field: 'column' });
  if (kind === 'metric') return `json_extract(r.metrics, '${path(key)}')`;
  if (!(METRICS as readonly string[]).includes(key)) throw new GyreError('VALIDATION', `"${key}" is not a charter metric.`, { field: 'column' });
  const source = criterionSource(task, key as Metric);
  if (source === 'latency') return columnSql('latency', task);
  if (source === 'size') return 'o.size / 1000000.0';
  return source ? columnSql(`metric:${source.metric}`, task) : 'NULL';
}

interface Condition {
  sql: string;
  params: unknown[];
}

/** One word of the search line: a comparison of a setting or test metric, or text found in the run. */
function wordCondition(word: string): Condition {
  const compared = COMPARISON.exec(word);
  if (compared) {
    const [, key, op, wanted] = compared as unknown as [string, string, string, string];
    // A setting wins over a test metric of the same name, as it reads on the run's page. Each of `type` and
    // `value` binds the key's path twice (which object, then the key in it).
    const source = 'CASE WHEN json_type(r.params, ?) IS NOT NULL THEN r.params ELSE r.metrics END';
    const type = `json_type(${source}, ?)`;
    const value = `json_extract(${source}, ?)`;
    const at = [path(key), path(key)];
    const n = Number(wanted);
    if (op !== '=') {
      if (!Number.isFinite(n)) return { sql: '0', params: [] };
      return { sql: `(${type} ${NUMBER} AND ${value} ${op} ?)`, params: [...at, ...at, n] };
    }
    // `=`: numbers equal as numbers (depth=6 matches 6.0), true/false by name, text and lists by their text.
    const number = Number.isFinite(n) ? n : null;
    const text = wanted.toLowerCase();
    return {
      sql: `(CASE ${type} WHEN 'integer' THEN ${value} = ? WHEN 'real' THEN ${value} = ? WHEN 'true' THEN ? = 'true' WHEN 'false' THEN ? = 'false'
        WHEN 'null' THEN 0 ELSE gyre_lower(${value}) = ? END)`,
      params: [...at, ...at, number, ...at, number, text, text, ...at, text],
    };
  }
  const w = word.toLowerCase();
  const found = (expr: string) => `instr(gyre_lower(${expr}), ?) > 0`;
  return {
    sql: `(${found('r.id')} OR ${found('r.model')} OR ${found('d.name')} OR ${found('r.notes')} OR EXISTS (SELECT 1 FROM json_each(r.tags) WHERE ${found('value')}))`,
    params: [w, w, w, w, w],
  };
}

function filterConditions(input: Pick<z.output<typeof BoardStatsInput>, 'projectId' | 'target' | 'task' | 'filter'>): Condition[] {
  const f = input.filter;
  const out: Condition[] = [{ sql: 'r.project_id = ? AND r.target = ? AND r.task = ?', params: [input.projectId, input.target, input.task] }];
  if (f.models.length) out.push({ sql: `r.model IN (${f.models.map(() => '?').join(', ')})`, params: f.models });
  if (f.tags.length) out.push({ sql: `EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value IN (${f.tags.map(() => '?').join(', ')}))`, params: f.tags });
  if (f.metric && (f.min !== null || f.max !== null)) {
    const at = path(f.metric);
    out.push({ sql: `json_type(r.metrics, ?) ${NUMBER}`, params: [at] });
    if (f.min !== null) out.push({ sql: 'json_extract(r.metrics, ?) >= ?', params: [at, f.min] });
    if (f.max !== null) out.push({ sql: 'json_extract(r.metrics, ?) <= ?', params: [at, f.max] });
  }
  for (const word of f.text.split(/\s+/).filter(Boolean)) out.push(wordCondition(word));
  return out;
}

function whereClause(input: Parameters<typeof filterConditions>[0]): { where: string; params: unknown[] } {
  const conditions = filterConditions(input);
  return { where: `WHERE ${conditions.map((c) => c.sql).join(' AND ')}`, params: conditions.flatMap((c) => c.params) };
}

const FROM = 'FROM runs r JOIN objects o ON o.sha256 = r.onnx_sha256 JOIN dataset_versions v ON v.id = r.version_id JOIN datasets d ON d.id = v.dataset_id';

export class Leaderboard {
  constructor(private readonly db: Database) {
    // SQLite's lower() folds ASCII only; run notes are written in any language.
    db.function('gyre_lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s));
  }

  problems(projectId: string): RunProblem[] {
    return this.db
      .prepare('SELECT target, task, count(*) AS runs, max(created_at) AS latest FROM runs WHERE project_id = ? GROUP BY target, task ORDER BY latest DESC')
      .all(projectId) as RunProblem[];
  }

  /** A page of the runs that match, in the order asked. */
  board(given: BoardInput): RunBoard {
    const input = BoardInput.parse(given);
    const { where, params } = whereClause(input);
    const sorted = columnSql(input.sort.column, input.task);
    const direction = input.sort.descending ? 'DESC' : 'ASC';
    // Unmeasured runs last whichever way the column is sorted; ties newest first, as the list reads unsorted.
    const order = input.sort.column === 'created' ? `r.created_at ${direction}, r.id` : `(${sorted}) IS NULL, ${sorted} ${direction}, r.created_at DESC, r.id`;
    const rows = this.db.prepare(`${SUMMARY_SELECT} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, input.limit, input.offset) as SummaryRow[];
    const total = this.db.prepare(`SELECT count(*) ${FROM} ${where}`).pluck().get(...params) as number;
    return { total, offset: input.offset, rows: rows.map(toSummary) };
  }

  /** How many runs match and of how many, each asked column's range over them, and what the filter bar offers. */
  stats(given: BoardStatsInput): RunBoardStats {
    const input = BoardStatsInput.parse(given);
    const { where, params } = whereClause(input);
    const columns = [...new Set(input.ranges)];
    const aggregates = columns.map((c) => {
      const v = columnSql(c, input.task);
      return `min(${v}), max(${v}), count(${v})`;
    });
    const totals = this.db.prepare(`SELECT ${['count(*)', ...aggregates].join(', ')} ${FROM} ${where}`).raw().get(...params) as (number | null)[];
    const ranges: Record<string, ColumnRange> = {};
    columns.forEach((c, i) => {
      const [min, max, count] = totals.slice(1 + i * 3, 4 + i * 3) as [number | null, number | null, number];
      if (count > 0 && min !== null && max !== null) ranges[c] = { min, max, count };
    });
    const total = totals[0] ?? 0;
    const problem = [input.projectId, input.target, input.task];
    const runs = isFiltering(input.filter) ? (this.db.prepare('SELECT count(*) FROM runs WHERE project_id = ? AND target = ? AND task = ?').pluck().get(...problem) as number) : total;
    const models = this.db.prepare('SELECT DISTINCT model FROM runs WHERE project_id = ? AND target = ? AND task = ? ORDER BY model').pluck().all(...problem) as ModelKind[];
    const tags = this.db.prepare('SELECT DISTINCT j.value FROM runs r, json_each(r.tags) j WHERE r.project_id = ? AND r.target = ? AND r.task = ? ORDER BY j.value').pluck().all(...problem) as string[];
    return { total, runs, ranges, models, tags };
  }

  /** A project's runs, and how many meet every criterion at least acceptably (as `passesCharter` judges each run). */
  judge(projectId: string, criteria: readonly SuccessCriterion[]): { runs: number; passing: number } {
    const tests = criteria.map((c) => {
      const value = `(CASE r.task WHEN 'multiclass' THEN ${columnSql(`criterion:${c.metric}`, 'multiclass')} ELSE ${columnSql(`criterion:${c.metric}`, 'binary')} END)`;
      return { sql: `${value} ${c.direction === 'higher' ? '>=' : '<='} ?`, param: c.acceptable };
    });
    const passing = tests.length ? `sum(CASE WHEN ${tests.map((t) => t.sql).join(' AND ')} THEN 1 ELSE 0 END)` : '0';
    const [runs, passed] = this.db.prepare(`SELECT count(*), ${passing} FROM runs r JOIN objects o ON o.sha256 = r.onnx_sha256 WHERE r.project_id = ?`).raw().get(...tests.map((t) => t.param), projectId) as [number, number | null];
    return { runs, passing: passed ?? 0 };
  }
}
