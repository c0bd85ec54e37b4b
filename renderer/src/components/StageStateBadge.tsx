/** A stage's state as a colored dot plus words, so it never relies on color alone. */
import { Badge, Tooltip } from '@mantine/core';
import type { StageState } from '@contract';

export const STAGE_STATE_LABELS: Record<StageState, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  needs_attention: 'Needs attention',
};

const COLORS: Record<StageState, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  done: 'teal',
  needs_attention: 'orange',
};

export function StageStateBadge({ state, summary }: { state: StageState; summary?: string }) {
  const badge = (
    <Badge
      variant="light"
      color={COLORS[state]}
      size="sm"
      style={{ textTransform: 'none' }}
      leftSection={<span aria-hidden style={{ width: 7, height: 7, borderRadius: '50%', background: state === 'not_started' ? 'var(--mantine-color-gray-5)' : `var(--mantine-color-${COLORS[state]}-filled)` }} />}
    >
      {STAGE_STATE_LABELS[state]}
    </Badge>
  );
  return summary ? (
    <Tooltip label={summary} multiline w={260} withArrow openDelay={300}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
