/**
 * Labeling one session: the row on screen with why it was chosen, a button and a key per class (1–9), Skip (S) and
 * Undo (U or Ctrl/Cmd+Z), the queue to work through, and the progress beside it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Grid, Group, Kbd, Loader, NumberInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import type { LabelSession, Project, QueueMode } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { notifyError } from '../../../components/notify';
import { ExportLabelsModal } from './ExportLabelsModal';
import { classKey, whyText } from './labelText';
import { CLASS_COLORS, ProgressPanel } from './ProgressPanel';
import { RowCard } from './RowCard';
import { useLabeling } from './useLabeling';
import { useLabelKeys } from './useLabelKeys';

const MODES: { value: QueueMode; label: string }[] = [
  { value: 'unlabeled', label: 'Unlabeled rows' },
  { value: 'others', label: 'Labeled by others' },
  { value: 'data', label: 'Labeled in the data' },
];

export function LabelingView({ project, session, labeler }: { project: Project; session: LabelSession; labeler: string }) {
  const l = useLabeling(session, labeler);
  const progress = useGyreQuery('labels.progress', { sessionId: session.id });
  const addClass = useGyreMutation('labels.addClass');
  const [newClass, setNewClass] = useState('');
  const [row, setRow] = useState<number | ''>('');
  const [exporting, setExporting] = useState(false);

  useLabelKeys({
    label: (i) => {
      const c = session.classes[i];
      if (c !== undefined) l.label(c);
    },
    skip: l.pass,
    undo: l.takeBack,
  });

  const current = l.current;
  const queue = l.queue.data;
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Card withBorder padding="lg" component="section" aria-label="Row to label">
          <Stack gap="md">
            <Group justify="space-between" align="flex-start">
              <Stack gap={2}>
                <Title order={3}>
                  {session.target} <Text span c="dimmed" fw={400}>of {session.datasetName} v{session.version}</Text>
                </Title>
                <Text size="sm" c="dimmed" data-testid="labeling-queue">
                  {queue ? `${queue.remaining.toLocaleString('en')} ${queue.remaining === 1 ? 'row' : 'rows'} left in this queue${queue.skipped ? ` (${queue.skipped} skipped, at the end)` : ''}` : 'Reading the queue…'} · labeling as {labeler}
                </Text>
              </Stack>
              <SegmentedControl size="xs" value={l.mode} onChange={(v) => l.setMode(v as QueueMode)} data={MODES} aria-label="Queue" />
            </Group>

            {l.notice && (
              <Alert color="gray" variant="light" py={6}>
                {l.notice}
              </Alert>
            )}
            {current ? (
              <>
                <Alert variant="light" color={current.why.kind === 'uncertain' ? 'violet' : 'blue'} title={`Row ${(current.row + 1).toLocaleString('en')} — why this row`} data-testid="labeling-why">
                  {whyText(current.why)}
                </Alert>
                <RowCard row={current} columns={queue?.columns ?? []} target={session.target} blind={current.why.kind === 'others'} />
                <Group gap="xs" aria-label="Classes" role="group">
                  {session.classes.map((c, i) => {
                    const key = classKey(i);
                    return (
                      <Button key={c} color={CLASS_COLORS[i % CLASS_COLORS.length]} variant="light" onClick={() => l.label(c)} leftSection={key ? <Kbd size="xs">{key}</Kbd> : undefined} aria-label={`Label as ${c}${key ? ` (key ${key})` : ''}`}>
                        {c}
                      </Button>
                    );
                  })}
                </Group>
                <Group gap="xs">
                  <Button variant="default" onClick={l.pass} leftSection={<Kbd size="xs">S</Kbd>}>
                    Skip
                  </Button>
                  <Button variant="default" onClick={l.takeBack} loading={l.undoing} leftSection={<Kbd size="xs">U</Kbd>}>
                    Undo
                  </Button>
                  <Text size="xs" c="dimmed">
                    Keys: {session.classes.length > 9 ? '1–9 for the first nine classes' : `1–${Math.min(9, session.classes.length)} label`}, <Kbd size="xs">S</Kbd> skips, <Kbd size="xs">U</Kbd> or <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Z</Kbd> undoes your last label or skip.
                  </Text>
                </Group>
              </>
            ) : l.queue.isPending ? (
              <Group gap="xs">
                <Loader size="xs" />
                <Text size="sm">Reading the queue…</Text>
              </Group>
            ) : (
              <Alert color="teal" title="Nothing left in this queue" data-testid="labeling-empty">
                {l.mode === 'unlabeled' ? 'Every row has a label. Check others’ labels for agreement, or export the labels as a dataset version.' : 'No rows here for you. Choose another queue.'}
              </Alert>
            )}

            <Group align="flex-end" gap="md">
              <NumberInput label="Go to row" value={row} onChange={(v) => setRow(typeof v === 'number' ? v : '')} min={1} max={session.rowCount} allowDecimal={false} w={140} size="xs" />
              <Button size="xs" variant="default" disabled={row === ''} onClick={() => row !== '' && void l.goTo(row - 1)}>
                Show
              </Button>
              <TextInput label="Add a class" value={newClass} onChange={(e) => setNewClass(e.currentTarget.value)} size="xs" w={180} maxLength={100} />
              <Button
                size="xs"
                variant="default"
                disabled={newClass.trim() === ''}
                loading={addClass.isPending}
                onClick={() => addClass.mutate({ sessionId: session.id, name: newClass.trim() }, { onSuccess: () => setNewClass(''), onError: (e) => notifyError(e, 'Could not add the class') })}
              >
                Add
              </Button>
            </Group>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card withBorder padding="lg">
          <Stack gap="md">
            {progress.data ? <ProgressPanel session={session} progress={progress.data} /> : <Loader size="sm" />}
            <Button variant="light" onClick={() => setExporting(true)} disabled={!progress.data}>
              Export as a dataset version…
            </Button>
          </Stack>
        </Card>
        {exporting && progress.data && <ExportLabelsModal project={project} session={session} progress={progress.data} onClose={() => setExporting(false)} />}
      </Grid.Col>
    </Grid>
  );
}
