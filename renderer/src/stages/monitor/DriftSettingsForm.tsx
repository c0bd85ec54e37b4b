/** The project's drift settings: which statistic decides per feature kind, its thresholds, and when a whole batch counts as drifted. */
import { useState } from 'react';
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { CATEGORICAL_METHODS, DEFAULT_DRIFT_SETTINGS, DRIFT_METHOD_LABELS, NUMERIC_METHODS, type DriftSettings } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { notifyError, notifySuccess } from '../../components/notify';

type Thresholds = DriftSettings['thresholds'];

const FIELDS: { key: keyof Thresholds; label: string; method: string; step: number; max: number }[] = [
  { key: 'psi', label: 'PSI above', method: 'psi', step: 0.05, max: 10 },
  { key: 'ksPValue', label: 'KS p-value below', method: 'ks', step: 0.01, max: 0.99 },
  { key: 'chi2PValue', label: 'chi² p-value below', method: 'chi2', step: 0.01, max: 0.99 },
  { key: 'js', label: 'JS distance above', method: 'js', step: 0.05, max: 1 },
  { key: 'wasserstein', label: 'Wasserstein (sd) above', method: 'wasserstein', step: 0.05, max: 100 },
];

/** Mount it with `key` set to the saved settings, so a saved change (here or elsewhere) starts the form afresh. */
export function DriftSettingsForm({ projectId, saved }: { projectId: string; saved: DriftSettings }) {
  const [draft, setDraft] = useState<DriftSettings>(saved);
  const save = useGyreMutation('monitor.saveDrift');
  const setThreshold = (key: keyof Thresholds, v: number | string) => typeof v === 'number' && setDraft((d) => ({ ...d, thresholds: { ...d.thresholds, [key]: v } }));
  const used = (method: string) => [draft.numericMethod === method && 'numeric', draft.categoricalMethod === method && 'categorical'].filter(Boolean).join(', ');
  const changed = JSON.stringify(draft) !== JSON.stringify(saved);
  const submit = () =>
    save.mutate({ projectId, drift: draft }, { onSuccess: () => notifySuccess('Drift settings saved: they apply to the batches checked from now on.'), onError: (e) => notifyError(e, 'Could not save the drift settings') });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" maw={820}>
        PSI is the default for both kinds: a test’s p-value shrinks as batches grow, so on large batches KS and chi-squared flag differences too small to
        matter. Reports already made keep the settings they were made with.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Select
          label="Numeric features: decided by"
          data={NUMERIC_METHODS.map((m) => ({ value: m, label: DRIFT_METHOD_LABELS[m] }))}
          value={draft.numericMethod}
          onChange={(v) => v && setDraft((d) => ({ ...d, numericMethod: v as DriftSettings['numericMethod'] }))}
          allowDeselect={false}
        />
        <Select
          label="Categorical features: decided by"
          data={CATEGORICAL_METHODS.map((m) => ({ value: m, label: DRIFT_METHOD_LABELS[m] }))}
          value={draft.categoricalMethod}
          onChange={(v) => v && setDraft((d) => ({ ...d, categoricalMethod: v as DriftSettings['categoricalMethod'] }))}
          allowDeselect={false}
        />
        <NumberInput
          label="A batch has drifted when at least"
          description="this share of its features drifted"
          suffix=" %"
          min={1}
          max={100}
          decimalScale={1}
          value={Math.round(draft.driftShare * 1000) / 10}
          onChange={(v) => typeof v === 'number' && setDraft((d) => ({ ...d, driftShare: v / 100 }))}
        />
      </SimpleGrid>
      <Text size="sm" fw={600}>
        A feature has drifted at
      </Text>
      <SimpleGrid cols={{ base: 2, md: 5 }} mt={-8}>
        {FIELDS.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            description={used(f.method) ? `in use: ${used(f.method)}` : 'not in use'}
            value={draft.thresholds[f.key]}
            onChange={(v) => setThreshold(f.key, v)}
            min={0}
            max={f.max}
            step={f.step}
            decimalScale={4}
          />
        ))}
      </SimpleGrid>
      <Group gap="sm">
        <Button onClick={submit} loading={save.isPending} disabled={!changed}>
          Save drift settings
        </Button>
        <Button variant="subtle" onClick={() => setDraft(DEFAULT_DRIFT_SETTINGS)} disabled={JSON.stringify(draft) === JSON.stringify(DEFAULT_DRIFT_SETTINGS)}>
          Back to the defaults
        </Button>
      </Group>
    </Stack>
  );
}
