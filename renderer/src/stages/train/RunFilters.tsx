/** The leaderboard's filter bar: a search line, models, tags and a test metric's range. */
import { Button, Group, MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import { isFiltering, NO_FILTER, type ModelKind, type ModelTask, type RunFilter } from '@contract';
import { HEADLINE, SHORT_MODEL_NAMES } from './runText';

interface Props {
  task: ModelTask;
  /** The models and tags among the problem's runs. */
  models: ModelKind[];
  tags: string[];
  filter: RunFilter;
  onChange(filter: RunFilter): void;
}

export function RunFilters({ task, models, tags, filter, onChange }: Props) {
  const metrics = HEADLINE[task];
  const set = (change: Partial<RunFilter>) => onChange({ ...filter, ...change });
  const bound = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search runs"
        placeholder="gbdt depth=6 rocAuc>0.8"
        description="Every word must match: text, setting=value, or a setting or metric with > < >= <="
        value={filter.text}
        onChange={(e) => set({ text: e.currentTarget.value })}
        w={320}
      />
      {models.length > 1 && (
        <MultiSelect label="Models" placeholder="All" data={models.map((m) => ({ value: m, label: SHORT_MODEL_NAMES[m] }))} value={filter.models} onChange={(v) => set({ models: v as ModelKind[] })} w={220} clearable />
      )}
      {tags.length > 0 && <MultiSelect label="Tags" placeholder="Any" data={tags} value={filter.tags} onChange={(v) => set({ tags: v })} w={180} clearable />}
      <Select label="Metric range" placeholder="Metric" data={metrics.map((m) => ({ value: m.key, label: m.label }))} value={filter.metric} onChange={(v) => set({ metric: v })} w={150} clearable />
      <NumberInput aria-label="At least" placeholder="min" value={filter.min ?? ''} onChange={(v) => set({ min: bound(v) })} w={90} disabled={!filter.metric} decimalScale={4} hideControls />
      <NumberInput aria-label="At most" placeholder="max" value={filter.max ?? ''} onChange={(v) => set({ max: bound(v) })} w={90} disabled={!filter.metric} decimalScale={4} hideControls />
      {isFiltering(filter) && (
        <Button variant="subtle" size="sm" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
