/** The eight stages as cards in cycle order: each one's state and its one-sentence summary; a card opens its stage. */
import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'wouter';
import { STAGES, STAGE_INFO, type Stage, type StageStatus } from '@contract';
import { prefetchStage } from '../../app/prefetch';
import { stagePath } from '../../app/paths';
import { StageStateBadge } from '../../components/StageStateBadge';

export function CycleCards({ projectId, statuses }: { projectId: string; statuses: StageStatus[] | undefined }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" component="ol" aria-label="The cycle" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {STAGES.map((stage, i) => (
        <li key={stage}>
          <StageCard projectId={projectId} stage={stage} index={i} status={statuses?.find((s) => s.stage === stage)} />
        </li>
      ))}
    </SimpleGrid>
  );
}

function StageCard({ projectId, stage, index, status }: { projectId: string; stage: Stage; index: number; status: StageStatus | undefined }) {
  const info = STAGE_INFO[stage];
  const attention = status?.state === 'needs_attention';
  return (
    <Card
      component={Link}
      href={stagePath(projectId, stage)}
      withBorder
      padding="sm"
      h="100%"
      title={`${info.label}: ${info.question}`}
      style={{ borderColor: attention ? 'var(--mantine-color-orange-filled)' : undefined }}
      onMouseEnter={() => prefetchStage(projectId, stage)}
      onFocus={() => prefetchStage(projectId, stage)}
    >
      <Stack gap={6}>
        <Group gap={8} wrap="nowrap">
          <ThemeIcon size="sm" radius="xl" variant="light" color="gray" aria-hidden>
            <Text size="xs" fw={700}>
              {index + 1}
            </Text>
          </ThemeIcon>
          <Text fw={600}>{info.label}</Text>
        </Group>
        {status ? <StageStateBadge state={status.state} /> : <Text size="xs" c="dimmed">…</Text>}
        <Text size="sm" c={status ? undefined : 'dimmed'} lineClamp={3}>
          {status?.summary ?? info.question}
        </Text>
      </Stack>
    </Card>
  );
}
