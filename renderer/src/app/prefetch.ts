/** What each stage shows first, fetched ahead when the user points at it (the query cache keeps it 30 s). */
import { procedures, type Input, type ProcedureName, type Result, type Stage } from '@contract';
import { call } from '../api/client';
import { queryClient } from '../api/queries';
import { prefetchBoard } from '../stages/train/boardQuery';

function prefetch<K extends ProcedureName>(name: K, input: Input<K>): void {
  void queryClient.prefetchQuery({ queryKey: [name, input], queryFn: () => call(name, input), meta: { reads: procedures[name].entities } });
}

export function prefetchStage(projectId: string, stage: Stage): void {
  if (stage === 'data' || stage === 'explore' || stage === 'prepare') prefetch('datasets.list', { projectId });
  if (stage === 'prepare') prefetch('recipes.list', { projectId });
  if (stage === 'train') {
    prefetch('runs.problems', { projectId });
    // The leaderboard's first page needs the charter (which problem, which criteria): the Plan page has usually read it.
    const charter = queryClient.getQueryData<Result<'charters.get'>>(['charters.get', { projectId }]);
    if (charter !== undefined) prefetchBoard(projectId, charter);
    else prefetch('charters.get', { projectId });
    prefetch('datasets.list', { projectId });
  }
}
