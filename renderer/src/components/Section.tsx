/** A titled card for one part of a report (profile, evaluation); its title names the region for screen readers and tests. */
import type { ReactNode } from 'react';
import { Card, Group, Stack, Text, Title } from '@mantine/core';

interface Props {
  title: string;
  /** One or two sentences: what the section shows and why it matters. */
  description?: ReactNode;
  /** The heading level: 2 under the stage's title, 3 inside a report that has its own. */
  order?: 2 | 3;
  actions?: ReactNode;
  /** The guided tour's anchor (`data-tour`), when the tour points at this section. */
  tour?: string;
  children: ReactNode;
}

export function Section({ title, description, order = 2, actions, tour, children }: Props) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title} data-tour={tour}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} maw={760}>
            <Title order={order} size="h4">
              {title}
            </Title>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </Stack>
          {actions}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}
