/** First run: what a project is, and one obvious way to start. */
import { Button, Card, List, Stack, Text, Title } from '@mantine/core';

export function EmptyProjects({ onCreate }: { onCreate(): void }) {
  return (
    <Card withBorder padding="xl" maw={720}>
      <Stack gap="md">
        <Title order={2} size="h3">
          Start with a project
        </Title>
        <Text>
          A project is one machine-learning problem, carried through the whole lifecycle: Plan · Data · Explore · Prepare · Train · Evaluate
          · Deploy · Monitor. Everything stays in this workspace on your machine.
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>First you write its charter: the problem, how it is framed, and what counts as success.</List.Item>
          <List.Item>Datasets, training runs and models you add later belong to it, each versioned.</List.Item>
          <List.Item>Every change makes a new version; nothing is overwritten.</List.Item>
        </List>
        <div>
          <Button size="lg" onClick={onCreate}>
            Create your first project
          </Button>
        </div>
        <Text size="xs" c="dimmed">
          Shortcut: Alt+N creates a project from anywhere.
        </Text>
      </Stack>
    </Card>
  );
}
