/** The Data page's drop target: a dashed box that also opens the file picker (drops anywhere on the window work too). */
import { Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDataImport } from './import/DataImportProvider';

export function DropZone({ compact = false }: { compact?: boolean }) {
  const { chooseFile } = useDataImport();
  return (
    <UnstyledButton onClick={chooseFile} aria-label="Drop a file here, or choose one to import" w="100%">
      <Paper
        withBorder
        radius="md"
        p={compact ? 'md' : 'xl'}
        style={{ borderStyle: 'dashed', borderWidth: 2, background: 'var(--mantine-color-default-hover)' }}
      >
        <Stack align="center" gap={4}>
          <Text fw={600}>Drop a file here, or click to choose one</Text>
          <Text size="sm" c="dimmed">
            CSV, TSV, JSON, JSON Lines or Parquet — you can drop a file anywhere in the window.
          </Text>
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}
