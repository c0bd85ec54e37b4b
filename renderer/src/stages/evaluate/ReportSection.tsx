/** One titled card of the evaluation report; its title names the region for screen readers and tests. */
import type { ReactNode } from 'react';
import { Card, Group, Stack, Text, Title } from '@mantine/core';

interface Props {
  title: string;
  /** One or two sentences: what the section shows and why it matters. */
  description: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

export function ReportSection({ title, description, actions, children }: Props) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} maw={760}>
            <Title order={3} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </Stack>
          {actions}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** A chart or table inside a section, under a small heading. */
export function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4} role="group" aria-label={title}>
      <Title order={4} size="h6">
        {title}
      </Title>
      {children}
    </Stack>
  );
}
