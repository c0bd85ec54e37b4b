/** The import wizard: preview the file, adjust how it is read and each column's type, name the dataset, start the import. */
import { useState } from 'react';
import { Alert, Box, Button, Group, List, LoadingOverlay, Modal, Stack, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import type { CsvOptions, ImportPreview, Project, ReadOptions, SemanticType } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { applyJobEvent } from '../../../components/jobs/jobCache';
import { errorMessage } from '../../../components/notify';
import { LoadingState } from '../../../components/QueryState';
import { fileStem, formatBytes } from '../describe';
import { DatasetNameField } from './DatasetNameField';
import { DialectControls } from './DialectControls';
import { PreviewTable } from './PreviewTable';

/** A file the user picked or dropped, and the reference the procedures take (once the upload, if any, is done). */
export interface ChosenFile {
  id: number;
  file: File;
  ref: string | null;
  error: unknown;
}

interface Props {
  project: Project;
  chosen: ChosenFile;
  opened: boolean;
  onClose(): void;
  onStarted(): void;
}

const DEFAULT_DIALECT: CsvOptions = { delimiter: ',', quote: '"', header: true, encoding: 'utf-8', decimalSeparator: '.', skipBadRows: false };

function looksDelimited(fileName: string): boolean {
  return /\.(csv|tsv|txt)$/i.test(fileName);
}

export function ImportWizard({ project, chosen, opened, onClose, onStarted }: Props) {
  const { file, ref } = chosen;
  const [csv, setCsv] = useState<Partial<CsvOptions>>({});
  const [types, setTypes] = useState<Record<string, SemanticType>>({});
  const [name, setName] = useState(fileStem(file.name));
  const [sniffed, setSniffed] = useState<CsvOptions | null>(null);
  const options: ReadOptions = Object.keys(csv).length > 0 ? { csv } : {};
  const preview = useGyreQuery(
    'datasets.preview',
    { file: ref ?? '', options },
    { enabled: ref !== null, placeholderData: keepPreviousData, staleTime: Infinity },
  );
  const start = useGyreMutation('datasets.import');

  // Keep the last sniffed dialect, so the controls stay put (and usable) when a re-read fails.
  const latest = preview.data?.csv ?? null;
  if (latest && !preview.isPlaceholderData && latest !== sniffed) setSniffed(latest);
  const dialect: CsvOptions = { ...DEFAULT_DIALECT, ...(file.name.endsWith('.tsv') ? { delimiter: '\t' } : {}), ...sniffed, ...csv };
  const delimited = preview.data ? preview.data.csv !== null : looksDelimited(file.name);
  const ready = preview.isSuccess && !preview.isPlaceholderData && ref !== null && name.trim().length > 0;

  const submit = () => {
    if (!ready) return;
    const columns = new Set(preview.data.columns.map((c) => c.name));
    const chosenTypes = Object.fromEntries(Object.entries(types).filter(([column]) => columns.has(column)));
    const importOptions: ReadOptions = { ...options, ...(Object.keys(chosenTypes).length > 0 ? { types: chosenTypes } : {}) };
    start.mutate(
      { projectId: project.id, file: ref, name: name.trim(), options: importOptions },
      {
        onSuccess: (job) => {
          applyJobEvent(job);
          onStarted();
        },
      },
    );
  };

  const changeType = (column: string, type: SemanticType) => setTypes((t) => ({ ...t, [column]: type }));

  return (
    <Modal opened={opened} onClose={onClose} title={`Import ${file.name}`} size={1100}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {formatBytes(file.size)}
          {preview.data && ` · ${preview.data.format.toUpperCase()} · ${preview.data.columns.length} columns`}. The import stores an immutable
          copy of the data as a new dataset version; the original file is never changed.
        </Text>
        {chosen.error !== null && <ErrorAlert title="The file could not be read" message={errorMessage(chosen.error)} />}
        {delimited && <DialectControls dialect={dialect} disabled={ref === null} onChange={(change) => setCsv((c) => ({ ...c, ...change }))} />}
        {(ref === null || preview.isPending) && chosen.error === null && <LoadingState label={`Reading ${file.name}…`} />}
        {preview.isError && (
          <ErrorAlert
            title="Gyre could not read this file"
            message={errorMessage(preview.error)}
            hint={delimited && !dialect.skipBadRows ? 'Check the delimiter and encoding above, or switch on “Skip bad rows” to leave out rows that do not parse.' : undefined}
          />
        )}
        {preview.data && <Notes preview={preview.data} />}
        {preview.data && (
          <Box pos="relative">
            <LoadingOverlay visible={preview.isPlaceholderData} zIndex={5} overlayProps={{ blur: 1 }} loaderProps={{ size: 'sm' }} />
            <PreviewTable columns={preview.data.columns} rows={preview.data.rows} types={types} onTypeChange={changeType} />
          </Box>
        )}
        <DatasetNameField projectId={project.id} value={name} onChange={setName} />
        {start.isError && <ErrorAlert title="The import could not start" message={errorMessage(start.error)} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={submit} disabled={!ready} loading={start.isPending}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Notes({ preview }: { preview: ImportPreview }) {
  if (preview.warnings.length === 0 && preview.renamed.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title="Check before importing">
      <List size="sm" spacing={2}>
        {preview.warnings.map((w) => (
          <List.Item key={w}>{w}</List.Item>
        ))}
        {preview.renamed.map((r) => (
          <List.Item key={`${r.from}→${r.to}`}>
            Column {r.from === '' ? '(no name)' : `“${r.from}”`} is renamed to “{r.to}”.
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function ErrorAlert({ title, message, hint }: { title: string; message: string; hint?: string | undefined }) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {message}
      </Text>
      {hint && (
        <Text size="sm" mt="xs">
          {hint}
        </Text>
      )}
    </Alert>
  );
}
