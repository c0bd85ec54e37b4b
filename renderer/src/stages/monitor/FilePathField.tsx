/**
 * A file the studio reads, by its path on this machine or chosen with the file picker: the desktop app gets the
 * file's path, the browser studio uploads it into the workspace first (as the Data stage's import does).
 */
import { useState } from 'react';
import { Button, FileButton, Group, Text, TextInput } from '@mantine/core';
import { transport } from '../../api/transport';
import { errorMessage } from '../../components/notify';

interface Props {
  label: string;
  description?: string;
  placeholder?: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  disabled?: boolean;
  accept?: string;
}

export function FilePathField({ label, description, placeholder, value, onChange, error, disabled, accept }: Props) {
  const [reading, setReading] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const choose = (file: File | null) => {
    if (!file) return;
    setReading(file.name);
    setFailed(null);
    transport.fileRef(file).then(
      (path) => (onChange(path), setReading(null)),
      (e: unknown) => (setFailed(errorMessage(e)), setReading(null)),
    );
  };
  const uploaded = value.startsWith('upload:');
  return (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error ?? failed ?? undefined}
      disabled={disabled}
      rightSection={uploaded ? <Text size="xs" c="dimmed">uploaded</Text> : undefined}
      rightSectionWidth={uploaded ? 72 : undefined}
      // The picker sits beside the box, inside the field, so the label, description and error stay the field's own.
      inputContainer={(children) => (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <div style={{ flex: 1 }}>{children}</div>
          <FileButton onChange={choose} accept={accept} disabled={disabled}>
            {(props) => (
              <Button variant="default" loading={reading !== null} aria-label={`Choose a file for ${label}`} {...props}>
                Choose…
              </Button>
            )}
          </FileButton>
        </Group>
      )}
    />
  );
}
