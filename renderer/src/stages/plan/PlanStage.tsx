/** The Plan stage: the project charter — a wizard for the first version, an editor with history after that. */
import { Anchor, Stack, Text } from '@mantine/core';
import { STAGE_INFO, type Project, type StageStatus } from '@contract';
import { stageHref } from '../../app/paths';
import { useGyreQuery } from '../../api/queries';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { CharterEditor } from './CharterEditor';
import { CharterWizard } from './CharterWizard';

export function PlanStage({ project, statuses }: { project: Project; statuses: StageStatus[] | undefined }) {
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const status = statuses?.find((s) => s.stage === 'plan');

  return (
    <Stack gap="lg" maw={1000}>
      <StageHeader stage="plan" status={status} />
      {status?.state === 'done' && (
        <Text size="sm">
          Next in the cycle: <Anchor href={stageHref(project.id, 'data')}>{STAGE_INFO.data.label}</Anchor> — {STAGE_INFO.data.question}
          {statuses?.find((s) => s.stage === 'data')?.available === false && ' (not built yet in this version; refine the charter meanwhile)'}
        </Text>
      )}
      {charter.isPending && <LoadingState label="Loading the charter…" />}
      {charter.isError && <ErrorState title="The charter could not be loaded" error={charter.error} onRetry={() => void charter.refetch()} />}
      {charter.isSuccess &&
        (charter.data === null ? (
          <CharterWizard key={project.id} project={project} />
        ) : (
          <CharterEditor key={project.id} project={project} latest={charter.data} />
        ))}
    </Stack>
  );
}
