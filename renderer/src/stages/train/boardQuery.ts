/**
 * Which leaderboard a project's Train page opens on, and the query that reads it. Shared by the page and by the
 * prefetch that starts when the user points at the stage, so the first page is often in the cache by the click.
 */
import { metricFitsTask, NO_FILTER, procedures, type CharterVersion, type Input, type ModelTask, type RunFilter, type RunProblem, type SuccessCriterion } from '@contract';
import { call } from '../../api/client';
import { pageQuery } from '../../api/pages';
import { queryClient } from '../../api/queries';
import { boardColumns, defaultSort, descending, type BoardSort, type Column } from './boardColumns';
import { taskFromCharter } from './wizardText';

const CHARTER_TASK = { binary: 'binary_classification', multiclass: 'multiclass_classification', regression: 'regression' } as const;

type Problem = Pick<RunProblem, 'target' | 'task'>;
export type BoardQueryInput = Omit<Input<'runs.board'>, 'offset' | 'limit'>;

/** The page query (rows, in order) and the stats query (counts, ranges, filter options) of one leaderboard view. */
export interface BoardQueries {
  board: BoardQueryInput;
  stats: Input<'runs.boardStats'>;
}

/** The charter's own problem, when it names a target. */
export function charterProblem(charter: CharterVersion | null): Problem | null {
  const target = charter?.content.target.trim() ?? '';
  return charter && target ? { target, task: taskFromCharter(charter.content.task) } : null;
}

/** The charter's problem when its runs exist, else the problem trained most recently. */
export function preferredProblem(problems: RunProblem[], charter: CharterVersion | null): RunProblem {
  const wanted = charterProblem(charter);
  return problems.find((p) => wanted && p.target === wanted.target && p.task === wanted.task) ?? problems[0]!;
}

/** The charter judges the model of its own target; latency and size criteria fit any task. */
export function criteriaFor(charter: CharterVersion | null, problem: Problem): SuccessCriterion[] {
  if (!charter) return [];
  const target = charter.content.target.trim();
  if (target !== '' && target !== problem.target) return [];
  return charter.content.successCriteria.filter((c) => metricFitsTask(c.metric, CHARTER_TASK[problem.task as ModelTask]));
}

export function boardQueries(projectId: string, problem: Problem, columns: readonly Column[], filter: RunFilter, sort: BoardSort): BoardQueries {
  const runs = { projectId, target: problem.target, task: problem.task, filter };
  return {
    board: { ...runs, sort: { column: sort.id, descending: descending(sort, columns) } },
    stats: { ...runs, ranges: columns.filter((c) => c.marksBest).map((c) => c.id) },
  };
}

/** The stats query's options: also what the prefetch asks for. */
export function statsQuery(input: Input<'runs.boardStats'>) {
  return { queryKey: ['runs.boardStats', input], queryFn: () => call('runs.boardStats', input), meta: { reads: procedures['runs.boardStats'].entities } };
}

/** Starts reading the first page (and the stats) the Train page will show for the charter's problem, unfiltered and sorted by default. */
export function prefetchBoard(projectId: string, charter: CharterVersion | null): void {
  const problem = charterProblem(charter);
  if (!problem) return;
  const columns = boardColumns(problem.task, criteriaFor(charter, problem));
  const queries = boardQueries(projectId, problem, columns, NO_FILTER, defaultSort(columns));
  void queryClient.prefetchQuery(pageQuery('runs.board', queries.board, 0));
  void queryClient.prefetchQuery(statsQuery(queries.stats));
}
