/** The top of every stage page: where the user is in the cycle, what the stage is for, and its state right now. */
import type { ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';
import { STAGES, STAGE_INFO, type Stage, type StageStatus } from '@contract';
import { StageStateBadge } from './StageStateBadge';

export function StageHeader({ stage, status, actions }: { stage: Stage; status: StageStatus | undefined; actions?: ReactNode }) {
  const info = STAGE_INFO[stage];
  const index = STAGES.indexOf(stage);
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Stage {index + 1} of {STAGES.length} · {info.label}
          </Text>
          <Title order={1} size="h2">
            {info.question}
          </Title>
        </Stack>
        {actions}
      </Group>
      <Text c="dimmed" maw={760}>
        {info.purpose}
      </Text>
      {status && (
        <Group gap="xs">
          <StageStateBadge state={status.state} />
          <Text size="sm">{status.summary}</Text>
        </Group>
      )}
    </Stack>
  );
}
