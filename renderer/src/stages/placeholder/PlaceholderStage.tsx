/** An honest page for a stage that is not built yet: what it will answer, and what the user can do meanwhile. */
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { STAGES, STAGE_INFO, type Project, type Stage, type StageStatus } from '@contract';
import { stageHref } from '../../app/paths';
import { StageHeader } from '../../components/StageHeader';

interface Props {
  project: Project;
  stage: Stage;
  statuses: StageStatus[] | undefined;
}

export function PlaceholderStage({ project, stage, statuses }: Props) {
  const plan = statuses?.find((s) => s.stage === 'plan');
  const charterDone = plan?.state === 'done';
  const index = STAGES.indexOf(stage);
  const previous = index > 0 ? STAGES[index - 1] : undefined;

  return (
    <Stack gap="lg" maw={860}>
      <StageHeader stage={stage} status={undefined} />
      <Alert color="gray" variant="light" title="Not built yet in this version">
        <Text size="sm">
          {STAGE_INFO[stage].label} is part of Gyre’s lifecycle but its tools are not in this version yet. Nothing here is hidden or
          disabled by a setting; it simply does not exist yet.
        </Text>
      </Alert>
      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Text fw={600}>What you can do now</Text>
          {charterDone ? (
            <Text size="sm">
              The charter for “{project.name}” is written: {plan?.summary} Review or refine its success criteria and constraints in Plan:
              every later stage will judge models against them.
            </Text>
          ) : (
            <Text size="sm">
              Finish the charter in Plan first: the problem, how it is framed as an ML task, and the success criteria every model in{' '}
              {STAGE_INFO[stage].label} and later stages will be judged by.
            </Text>
          )}
          <Group>
            <Button component="a" href={stageHref(project.id, 'plan')}>
              {charterDone ? 'Open the charter' : 'Finish the charter in Plan'}
            </Button>
            {previous && previous !== 'plan' && (
              <Button component="a" variant="default" href={stageHref(project.id, previous)}>
                Open {STAGE_INFO[previous].label}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
