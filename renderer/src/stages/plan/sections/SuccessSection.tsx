/** Charter section 3: the success criteria every model of this project is judged by. */
import { Stack, Text } from '@mantine/core';
import { CriteriaRows } from '../CriteriaRows';
import type { SectionProps } from './types';

export function SuccessSection(props: SectionProps) {
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        A model ships only if it reaches every minimum acceptable value. The target is what the team aims for. Evaluate checks these later.
      </Text>
      <CriteriaRows {...props} />
    </Stack>
  );
}
