/** Where the recipe ran: each application's recipe version, input and output versions, and how its steps went. */
import { Anchor, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import type { Project } from '@contract';
import { useGyreQuery } from '../../../api/queries';
import { formatDateTime } from '../../../components/format';
import { datasetPath } from '../../data/paths';

export function RecipeHistory({ project, recipe }: { project: Project; recipe: string }) {
  const detail = useGyreQuery('recipes.get', { projectId: project.id, recipe });
  const applications = detail.data?.applications ?? [];
  return (
    <Card withBorder padding="md">
      <Title order={4} mb="xs">
        Where “{recipe}” ran
      </Title>
      {applications.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not applied yet. Versions saved: {detail.data?.versionCount ?? '…'}.
        </Text>
      ) : (
        <Table fz="sm" withTableBorder aria-label="Recipe applications">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Recipe</Table.Th>
              <Table.Th>Input</Table.Th>
              <Table.Th>Output</Table.Th>
              <Table.Th>Steps</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {applications.map((a) => {
              const notApplied = a.steps.filter((s) => s.status !== 'applied');
              return (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
                  <Table.Td>v{a.recipeVersion}</Table.Td>
                  <Table.Td>{a.inputLabel}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} href={datasetPath(project.id, a.outputDatasetId)}>
                      {a.outputLabel}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{notApplied.length === 0 ? `all ${a.steps.length} applied` : notApplied.map((s) => `step ${s.index + 1} ${s.status}`).join(', ')}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
