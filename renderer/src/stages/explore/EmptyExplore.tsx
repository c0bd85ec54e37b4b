/** Explore before any data: what a profile shows, and where to import a dataset first. */
import { Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { stageHref } from '../../app/paths';

export function EmptyExplore({ projectId }: { projectId: string }) {
  return (
    <Card withBorder padding="xl">
      <Stack gap="md">
        <Title order={2} size="h4">
          Nothing to explore yet
        </Title>
        <Text size="sm">
          Explore profiles a <b>dataset version</b> so you know what is in it before preparing or training anything:
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>
            <b>Every column</b> — its type, missing values, distinct values, statistics and a histogram or its most frequent values.
          </List.Item>
          <List.Item>
            <b>Relations</b> — Pearson and Spearman correlations between numbers, Cramér’s V between categories, and how each column
            relates to the target you choose.
          </List.Item>
          <List.Item>
            <b>Alerts</b> — constant or mostly missing columns, skew, duplicates, class imbalance, likely target leakage and columns
            that look like personal data.
          </List.Item>
        </List>
        <Text size="sm" c="dimmed">
          Import a file in Data first; its profile is computed in the background and kept with the version.
        </Text>
        <Group>
          <Button component="a" href={stageHref(projectId, 'data')}>
            Import data in Data
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
