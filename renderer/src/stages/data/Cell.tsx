/** One value in the preview table or the data grid: missing values marked, numbers right-aligned, never in color alone. */
import { Text } from '@mantine/core';
import type { SemanticType } from '@contract';
import { TYPE_INFO } from './describe';

export function MissingMarker() {
  return (
    <Text span size="xs" c="dimmed" fs="italic" aria-label="missing value">
      missing
    </Text>
  );
}

export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export function CellValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <MissingMarker />;
  return <>{cellText(value)}</>;
}

export function alignFor(type: SemanticType): 'left' | 'right' {
  return TYPE_INFO[type].numeric ? 'right' : 'left';
}
