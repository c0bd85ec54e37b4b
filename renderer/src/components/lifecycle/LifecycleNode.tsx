/** One stage on the lifecycle map: its number and name, then its state for the open project (or, outside one, what it is for). */
import type { CSSProperties } from 'react';
import { Badge, Group, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { STAGE_INFO, type Stage, type StageState, type StageStatus } from '@contract';
import { STAGE_STATE_LABELS, StageStateBadge } from '../StageStateBadge';
import type { Box } from './loopLayout';

interface Props {
  stage: Stage;
  index: number;
  box: Box;
  status: StageStatus | undefined;
  /** The stage to work on next: drawn with a ring and a "Next" tag. */
  next: boolean;
  /** Where the node leads; without it (no project open) the node is not a link. */
  href?: string;
  onOpen?(stage: Stage): void;
}

/** "Explore: In progress — next. Data is ready: compute a profile…": everything the node shows, for a screen reader. */
export function nodeLabel(stage: Stage, status: StageStatus | undefined, next: boolean): string {
  const info = STAGE_INFO[stage];
  if (!status) return `${info.label}: ${info.question}`;
  return `${info.label}: ${STAGE_STATE_LABELS[status.state]}${next ? ' — next' : ''}. ${status.summary}`;
}

function frame(box: Box, status: StageStatus | undefined, next: boolean): CSSProperties {
  const border = next
    ? '2px solid var(--mantine-primary-color-filled)'
    : `1px solid ${status?.state === 'needs_attention' ? 'var(--mantine-color-orange-filled)' : 'var(--mantine-color-default-border)'}`;
  return {
    position: 'absolute',
    left: box.x,
    top: box.y,
    width: box.w,
    height: box.h,
    padding: next ? '9px 11px' : '10px 12px',
    border,
    borderRadius: 'var(--mantine-radius-md)',
    background: next ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-body)',
    boxShadow: next ? '0 0 0 4px var(--mantine-primary-color-light)' : 'var(--mantine-shadow-xs)',
  };
}

/** The number disc: the stage's place in the cycle, or ✓ when done and ! when it needs attention (the badge says it in words). */
function Marker({ index, state, next }: { index: number; state: StageState | undefined; next: boolean }) {
  const glyph = state === 'done' ? '✓' : state === 'needs_attention' ? '!' : String(index + 1);
  const color = next ? undefined : state === 'done' ? 'teal' : state === 'needs_attention' ? 'orange' : 'gray';
  const filled = next || state === 'done' || state === 'needs_attention';
  return (
    <ThemeIcon size="sm" radius="xl" variant={filled ? 'filled' : 'light'} color={color} aria-hidden>
      <Text size="xs" fw={700}>
        {glyph}
      </Text>
    </ThemeIcon>
  );
}

export function LifecycleNode({ stage, index, box, status, next, href, onOpen }: Props) {
  const info = STAGE_INFO[stage];
  const content = (
    <Stack gap={6}>
      <Group gap={8} wrap="nowrap">
        <Marker index={index} state={status?.state} next={next} />
        <Text fw={700} truncate>
          {info.label}
        </Text>
      </Group>
      {status ? (
        <div>
          <StageStateBadge state={status.state} summary={status.summary} />
        </div>
      ) : (
        <Text size="xs" c="dimmed" lh={1.35}>
          {info.question}
        </Text>
      )}
      {next && (
        <Badge size="sm" variant="filled" style={{ position: 'absolute', top: -11, right: 10 }} aria-hidden>
          Next
        </Badge>
      )}
    </Stack>
  );
  const label = nodeLabel(stage, status, next);
  return (
    <li data-stage={stage} data-state={status?.state} data-next={next || undefined} style={frame(box, status, next)}>
      {href ? (
        <UnstyledButton component="a" href={href} aria-label={label} onClick={() => onOpen?.(stage)} style={{ display: 'block', position: 'absolute', inset: 0, padding: 'inherit', borderRadius: 'inherit' }}>
          {content}
        </UnstyledButton>
      ) : (
        content
      )}
    </li>
  );
}
