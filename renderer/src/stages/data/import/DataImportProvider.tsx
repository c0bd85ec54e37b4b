/**
 * Importing a file from anywhere in an open project: the "Import data" button's file picker, a drop on the window
 * (with a full-window "Drop to import" overlay), and the import wizard they open.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Overlay, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useLocation } from 'wouter';
import type { Project } from '@contract';
import { transport } from '../../../api/transport';
import { stagePath } from '../../../app/paths';
import { IMPORT_ACCEPT } from '../describe';
import { ImportWizard, type ChosenFile } from './ImportWizard';
import { useWindowFileDrop } from './useWindowFileDrop';

interface DataImport {
  /** Opens the file picker. */
  chooseFile(): void;
  /** Opens the wizard for a file chosen or dropped. */
  importFile(file: File): void;
}

const DataImportContext = createContext<DataImport | null>(null);

export function DataImportProvider({ project, children }: { project: Project; children: ReactNode }) {
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [opened, setOpened] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const count = useRef(0);
  const [location, navigate] = useLocation();

  const importFile = useCallback((file: File) => {
    const id = ++count.current;
    setChosen({ id, file, ref: null, error: null });
    setOpened(true);
    // One reference per chosen file, reused by every preview and the import (in the browser host it is an upload).
    transport.fileRef(file).then(
      (ref) => setChosen((c) => (c?.id === id ? { ...c, ref } : c)),
      (error: unknown) => setChosen((c) => (c?.id === id ? { ...c, error } : c)),
    );
  }, []);
  const value = useMemo<DataImport>(() => ({ chooseFile: () => input.current?.click(), importFile }), [importFile]);
  const dragging = useWindowFileDrop(importFile);

  const onStarted = () => {
    setOpened(false);
    const dataPage = stagePath(project.id, 'data');
    if (!location.startsWith(dataPage)) navigate(dataPage);
  };

  return (
    <DataImportContext.Provider value={value}>
      {children}
      <VisuallyHidden>
        <input
          ref={input}
          type="file"
          accept={IMPORT_ACCEPT}
          aria-label="Choose a file to import"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = ''; // so choosing the same file again still fires change
            if (file) importFile(file);
          }}
        />
      </VisuallyHidden>
      {chosen && <ImportWizard key={chosen.id} project={project} chosen={chosen} opened={opened} onClose={() => setOpened(false)} onStarted={onStarted} />}
      {dragging && <DropOverlay projectName={project.name} />}
    </DataImportContext.Provider>
  );
}

function DropOverlay({ projectName }: { projectName: string }) {
  return (
    <Overlay fixed zIndex={1000} backgroundOpacity={0.55} blur={2} center style={{ pointerEvents: 'none' }} data-testid="drop-overlay">
      <Paper withBorder shadow="xl" p="xl" radius="lg" style={{ borderStyle: 'dashed', borderWidth: 2 }}>
        <Stack align="center" gap={4}>
          <Text fw={700} size="xl">
            Drop to import
          </Text>
          <Text size="sm" c="dimmed">
            into “{projectName}” as a new dataset version — CSV, TSV, JSON, JSON Lines or Parquet
          </Text>
        </Stack>
      </Paper>
    </Overlay>
  );
}

export function useDataImport(): DataImport {
  const value = useContext(DataImportContext);
  if (!value) throw new Error('useDataImport must be used inside DataImportProvider.');
  return value;
}
