/**
 * Runs the saved recipe on every row of the chosen version, as a job: the result is a new dataset version, and the
 * report says, step by step, what each did — and which steps did not apply (a column the version lacks).
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Link } from 'wouter';
import { describeReport, describeStep, type ApplyRecipeResult, type Project, type RecipeStep } from '@contract';
import { useGyreMutation } from '../../../api/queries';
import { JobItem } from '../../../components/jobs/JobItem';
import { useStartedJob } from '../../../components/jobs/useStartedJob';
import { notifyError } from '../../../components/notify';
import { datasetPath } from '../../data/paths';

interface Props {
  project: Project;
  recipe: { name: string; version: number; steps: RecipeStep[] };
  input: { versionId: string; label: string; datasetName: string };
  onClose(): void;
}

export function ApplyRecipeModal({ project, recipe, input, onClose }: Props) {
  const [name, setName] = useState(`${input.datasetName}-${recipe.name}`);
  const [strict, setStrict] = useState(false);
  const start = useGyreMutation('recipes.apply');
  const { job, started, result, locked, failed } = useStartedJob<ApplyRecipeResult>(project.id);
  const submit = () =>
    start.mutate({ projectId: project.id, recipe: `${recipe.name}@${recipe.version}`, versionId: input.versionId, name: name.trim(), strict }, { onSuccess: started, onError: (e) => notifyError(e, 'Could not start the recipe') });
  return (
    <Modal opened onClose={onClose} title={`Apply “${recipe.name}” v${recipe.version}`} size="xl">
      <Stack gap="md">
        <Text size="sm">
          Runs the {recipe.steps.length} steps on every row of {input.label}. Each step learns what it needs (a median, outlier bounds,
          categories) from the rows reaching it. The input is not changed: the result is a new dataset version that names this recipe and its input.
        </Text>
        <TextInput label="Save the result as" description="A dataset name; an existing dataset gets a new version." value={name} onChange={(e) => setName(e.currentTarget.value)} disabled={locked} />
        <Switch
          label="Stop if a step cannot apply in full"
          description="Off: a step naming a column this version lacks is skipped (or applied to the columns it has) and reported — the way to replay a recipe on next month's file."
          checked={strict}
          onChange={(e) => setStrict(e.currentTarget.checked)}
          disabled={locked}
        />
        {job && <JobItem job={job} />}
        {failed && (
          <Alert color="red" variant="light" title="The recipe did not run; no dataset version was made">
            {failed}
          </Alert>
        )}
        {result && (
          <Stack gap="xs">
            <Alert color={result.application.steps.every((s) => s.status === 'applied') ? 'teal' : 'yellow'} variant="light" title={`Saved as ${name} v${result.version}: ${result.rowCount.toLocaleString()} rows`}>
              <Anchor component={Link} href={datasetPath(project.id, result.datasetId)}>
                Open it on the Data stage
              </Anchor>
            </Alert>
            <Table withTableBorder fz="sm" aria-label="What each step did">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Step</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Rows</Table.Th>
                  <Table.Th>Effect</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.application.steps.map((s) => (
                  <Table.Tr key={s.index}>
                    <Table.Td>{s.index + 1}</Table.Td>
                    <Table.Td>{describeStep(recipe.steps[s.index]!)}</Table.Td>
                    <Table.Td>{s.status}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {s.rowsBefore.toLocaleString()} → {s.rowsAfter.toLocaleString()}
                    </Table.Td>
                    <Table.Td>{describeReport(s)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          {!result && (
            <Button onClick={submit} loading={start.isPending || (locked && !result && !failed)} disabled={!name.trim()}>
              Apply to every row
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
