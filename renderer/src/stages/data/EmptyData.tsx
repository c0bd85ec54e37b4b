/** The Data page before any import: what a dataset version is and which files Gyre reads. */
import { Card, List, Stack, Text, Title } from '@mantine/core';
import { DropZone } from './DropZone';

export function EmptyData() {
  return (
    <Card withBorder padding="xl">
      <Stack gap="md">
        <Title order={2} size="h4">
          No datasets yet
        </Title>
        <Text size="sm">
          Import a file to make it a <b>dataset</b>. Each import becomes a <b>dataset version</b>:
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>
            <b>Immutable</b> — Gyre stores its own copy (as Parquet); editing or deleting the original file changes nothing here.
          </List.Item>
          <List.Item>
            <b>Versioned</b> — importing a newer file under the same name adds version 2, 3…; earlier versions stay, so a model can
            always name the exact data it was trained on.
          </List.Item>
          <List.Item>
            <b>With lineage</b> — every version records where it came from: the file’s name, size and SHA-256 checksum, and how it was
            read.
          </List.Item>
        </List>
        <Text size="sm" c="dimmed">
          Formats: CSV and TSV (delimiter, header, encoding and decimal separator are detected, and you can correct them), JSON (an array
          of objects), JSON Lines and Parquet. Before importing you see the first rows and can change each column’s type.
        </Text>
        <DropZone />
      </Stack>
    </Card>
  );
}
