/** The dataset the import creates or adds a version to, chosen by name. */
import { TextInput } from '@mantine/core';
import { useGyreQuery } from '../../../api/queries';

export function DatasetNameField({ projectId, value, onChange }: { projectId: string; value: string; onChange(name: string): void }) {
  const datasets = useGyreQuery('datasets.list', { projectId });
  const name = value.trim();
  // Names match as the backend matches them: trimmed, ignoring case.
  const existing = datasets.data?.find((d) => d.name.trim().toLocaleLowerCase('en') === name.toLocaleLowerCase('en'));
  const description = !name
    ? undefined
    : existing
      ? `Adds version ${(existing.latest?.version ?? existing.versionCount) + 1} to “${existing.name}”. Earlier versions stay as they are.`
      : `Creates a new dataset “${name}”, version 1.`;
  return (
    <TextInput
      label="Dataset name"
      value={value}
      maxLength={200}
      required
      description={description}
      error={value.length > 0 && !name ? 'Give the dataset a name.' : undefined}
      onChange={(e) => onChange(e.currentTarget.value)}
      maw={480}
    />
  );
}
