/** Shown when someone saved the charter after this editor loaded it: nothing is overwritten, the user reloads. */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { GyreError } from '@contract';

export function ConflictAlert({ error, onReload, hasEdits }: { error: GyreError; onReload(): void; hasEdits: boolean }) {
  return (
    <Alert color="orange" variant="light" title="Someone else saved the charter first" role="alert" data-testid="charter-conflict">
      <Stack gap="xs">
        <Text size="sm">{error.message}</Text>
        {hasEdits && (
          <Text size="sm">Reloading replaces your unsaved edits with the latest version; note what you changed before you reload.</Text>
        )}
        <Group>
          <Button size="xs" color="orange" onClick={onReload}>
            Reload latest
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
