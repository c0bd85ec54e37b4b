/** One titled card of the evaluation report; its title names the region for screen readers and tests. */
import type { ComponentProps, ReactNode } from 'react';
import { Stack, Title } from '@mantine/core';
import { Section } from '../../components/Section';

/** A section of the evaluation report: heading level 3, under the report's own title. */
export function ReportSection(props: Omit<ComponentProps<typeof Section>, 'order'>) {
  return <Section {...props} order={3} />;
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
