/**
 * "Try it": one row typed into a form made from the model version's bundle schema (each field with the range or the
 * categories seen in training, prefilled with a typical training row) and scored at once, as the bundle would score
 * it: the prediction, every class's probability, what about the row is unlike the training rows, and why.
 */
import { useMemo, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, List, Modal, NumberInput, Progress, ScrollArea, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { BundleField, ModelVersion, Project, TryForm, TryResult } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { formatNumber } from '../../components/charts/numbers';
import { errorMessage } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { ref } from '../evaluate/registry/registryText';
import { Explained } from '../evaluate/RowExplanationPanel';

type Values = Record<string, number | string | null>;

/** "seen 18 – 80", dates as days; null when the training rows had no values. */
export function rangeHint(f: BundleField): string | null {
  if (f.minimum === undefined || f.maximum === undefined) return null;
  const show = (n: number) => (f.format === 'date-time' ? new Date(n).toISOString().replace('T00:00:00.000Z', '') : formatNumber(n));
  return `seen ${show(f.minimum)} – ${show(f.maximum)}`;
}

const UNSEEN = ' (not seen in training)';

function CategoryField({ field, value, error, onChange }: { field: BundleField; value: string | null; error: string | undefined; onChange(v: string | null): void }) {
  const categories = field.categories ?? [];
  const [search, setSearch] = useState('');
  // A value the training rows never had can still be tried: typed into the search, it is offered as itself.
  const typed = search.trim();
  const extra = [value, typed].filter((v, i, all): v is string => !!v && !categories.includes(v) && all.indexOf(v) === i && !`${v}`.endsWith(UNSEEN));
  const data = [...categories.map((c) => ({ value: c, label: c })), ...extra.map((v) => ({ value: v, label: `${v}${UNSEEN}` }))];
  return (
    <Select
      label={field.name}
      description={`${categories.length.toLocaleString('en')} categories seen${field.nullable ? ' · clear for missing' : ''}`}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      clearable={field.nullable}
      limit={200}
      nothingFoundMessage="Nothing seen in training"
      error={error}
    />
  );
}

function Field({ field, value, error, onChange }: { field: BundleField; value: number | string | null; error: string | undefined; onChange(v: number | string | null): void }) {
  const hint = rangeHint(field);
  const missing = field.nullable ? 'empty for missing' : 'required';
  if (field.type === 'string' && field.categories && field.categories.length > 0) return <CategoryField field={field} value={value as string | null} error={error} onChange={onChange} />;
  if (field.type === 'string' || field.format === 'date-time') {
    const what = field.format === 'date-time' ? 'ISO date' : 'text';
    return <TextInput label={field.name} description={[hint, what, missing].filter(Boolean).join(' · ')} value={(value as string | null) ?? ''} onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)} error={error} />;
  }
  return (
    <NumberInput
      label={field.name}
      description={[hint, missing].filter(Boolean).join(' · ')}
      value={value === null ? '' : (value as number)}
      onChange={(v) => onChange(typeof v === 'number' ? v : v === '' || v === '-' ? null : Number.isNaN(Number(v)) ? null : Number(v))}
      error={error}
      hideControls
    />
  );
}

function Probabilities({ form, result }: { form: TryForm; result: TryResult }) {
  return (
    <Stack gap={6} aria-label="Probabilities" role="list">
      {result.probabilities!.map((p) => (
        <Group key={p.label} gap="sm" wrap="nowrap" role="listitem">
          <Text size="sm" w={110} truncate fw={p.label === result.label ? 700 : 400}>
            {p.label}
          </Text>
          <Progress value={p.probability * 100} color={p.label === result.label ? 'teal' : 'gray'} style={{ flex: 1 }} size="lg" aria-label={`Probability of ${p.label}`} />
          <Text size="sm" w={64} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {(p.probability * 100).toFixed(1)}%
          </Text>
        </Group>
      ))}
      {form.task === 'binary' && form.threshold !== null && (
        <Text size="xs" c="dimmed">
          “{form.classLabels![1]}” is predicted when its probability is at least {formatNumber(form.threshold)} (this version’s decision threshold).
        </Text>
      )}
    </Stack>
  );
}

/** `stale`: the form's values differ from the row scored; `pending`: a new row is being scored. */
function Outcome({ form, result, stale, pending }: { form: TryForm; result: TryResult; stale: boolean; pending: boolean }) {
  const explanation = useMemo(() => ({ ...result.explanation, row: 0 }), [result.explanation]);
  return (
    <Stack gap="md" data-testid="try-result" style={{ opacity: pending ? 0.55 : 1 }}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Predicted {form.target}
          </Text>
          <Title order={2} data-testid="try-prediction">
            {result.label ?? formatNumber(result.prediction!)}
          </Title>
        </div>
        <Group gap="xs">
          {stale && !pending && (
            <Badge color="yellow" variant="light" style={{ textTransform: 'none' }}>
              values changed: predict again
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            scored in {Math.round(result.elapsedMs)} ms
          </Text>
        </Group>
      </Group>
      {result.probabilities && <Probabilities form={form} result={result} />}
      {result.warnings.length > 0 && (
        <Alert color="yellow" title="Unlike the training rows" data-testid="try-warnings">
          <List size="sm" spacing={2}>
            {result.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
          <Text size="xs" mt={4}>
            The model still scores the row, but it has learned nothing about such values: treat this prediction with care.
          </Text>
        </Alert>
      )}
      <Title order={4}>Why</Title>
      <Explained explanation={explanation} subject="the row tried" />
    </Stack>
  );
}

function TryItForm({ project, version, form }: { project: Project; version: ModelVersion; form: TryForm }) {
  const [values, setValues] = useState<Values>(form.example);
  // The row last asked about: the typical row as soon as the form opens, so there is something to compare each change against.
  const [asked, setAsked] = useState<Values>(form.example);
  const scored = useGyreQuery('bundles.tryRow', { projectId: project.id, ref: version.id, row: asked }, { staleTime: Infinity, placeholderData: keepPreviousData });
  const failure = scored.isError ? scored.error : null;
  const predict = (row: Values) => (JSON.stringify(row) === JSON.stringify(asked) ? void scored.refetch() : setAsked(row));
  const fieldError = (name: string) => (failure?.details?.field === name ? failure.message : undefined);
  const set = (name: string) => (v: number | string | null) => setValues((old) => ({ ...old, [name]: v }));
  const result = scored.data && !failure ? scored.data : null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <form
        aria-label="Input row"
        onSubmit={(e) => {
          e.preventDefault();
          predict(values);
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Started from a typical row of {form.rowsLabel}: the median of each number, the commonest category. Ranges and categories are those
            seen there, as the bundle’s schema lists them.
          </Text>
          {form.fields.map((f) => (
            <Field key={f.name} field={f} value={values[f.name] ?? null} error={fieldError(f.name)} onChange={set(f.name)} />
          ))}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => (setValues(form.example), predict(form.example))}>
              Reset to the typical row
            </Button>
            <Button type="submit" loading={scored.isFetching}>
              Predict
            </Button>
          </Group>
        </Stack>
      </form>
      <div>
        {failure && (
          <Alert color="red" title="This row could not be scored" data-testid="try-error">
            {errorMessage(failure)}
          </Alert>
        )}
        {result && <Outcome form={form} result={result} stale={JSON.stringify(asked) !== JSON.stringify(values)} pending={scored.isPlaceholderData} />}
        {!result && !failure && <LoadingState label="Scoring the typical row…" />}
      </div>
    </SimpleGrid>
  );
}

export function TryItModal({ project, version, onClose }: { project: Project; version: ModelVersion; onClose(): void }) {
  const form = useGyreQuery('bundles.tryForm', { projectId: project.id, ref: version.id }, { staleTime: Infinity });
  return (
    <Modal opened onClose={onClose} title={`Try ${ref(version)}`} size="90rem" scrollAreaComponent={ScrollArea.Autosize}>
      {form.isPending && <LoadingState label="Summarizing the training rows…" />}
      {form.isError && <ErrorState title="The form could not be made" error={form.error} onRetry={() => void form.refetch()} />}
      {form.data && <TryItForm project={project} version={version} form={form.data} />}
    </Modal>
  );
}
