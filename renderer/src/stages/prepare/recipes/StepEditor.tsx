/** The settings of one recipe step: a small form per kind, naming only the columns that reach the step. */
import { Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { SEMANTIC_TYPES, type ColumnSchema, type RecipeStep } from '@contract';
import { CommitInput } from './CommitInput';
import { RenameRows } from './RenameRows';

type Change = (step: RecipeStep) => void;
type Of<K extends RecipeStep['op']> = Extract<RecipeStep, { op: K }>;

function ColumnPick({ label, value, columns, onChange, filter }: { label: string; value: string; columns: ColumnSchema[]; onChange(v: string): void; filter?: (c: ColumnSchema) => boolean }) {
  const names = columns.filter(filter ?? (() => true)).map((c) => c.name);
  const data = names.includes(value) || !value ? names : [value, ...names];
  return <Select label={label} data={data} value={value || null} onChange={(v) => v && onChange(v)} searchable allowDeselect={false} />;
}

function ColumnsPick({ label, value, columns, onChange, description }: { label: string; value: string[]; columns: ColumnSchema[]; onChange(v: string[]): void; description?: string }) {
  const names = columns.map((c) => c.name);
  const data = [...new Set([...value, ...names])];
  return <MultiSelect label={label} description={description} data={data} value={value} onChange={onChange} searchable clearable />;
}

const numeric = (c: ColumnSchema) => ['integer', 'float'].includes(c.semanticType);

function Choice<T extends string>({ label, value, data, onChange }: { label: string; value: T; data: { value: T; label: string }[]; onChange(v: T): void }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl size="xs" value={value} data={data} onChange={(v) => onChange(v as T)} w="fit-content" />
    </Stack>
  );
}

const INVALID = [
  { value: 'fail' as const, label: 'Stop with an error' },
  { value: 'missing' as const, label: 'Make them missing' },
];

export function StepEditor({ step, columns, datasets, onChange }: { step: RecipeStep; columns: ColumnSchema[]; datasets: { group: string; items: { value: string; label: string }[] }[]; onChange: Change }) {
  const set = <S extends RecipeStep>(s: S, patch: Partial<S>) => onChange({ ...s, ...patch });
  return (
    <Stack gap="sm">
      <Fields step={step} columns={columns} datasets={datasets} set={set} onChange={onChange} />
      <CommitInput label="Note" placeholder="Why this step is here (optional)" value={step.note ?? ''} onCommit={(note) => onChange({ ...step, note })} />
    </Stack>
  );
}

interface FieldsProps {
  step: RecipeStep;
  columns: ColumnSchema[];
  datasets: { group: string; items: { value: string; label: string }[] }[];
  set<S extends RecipeStep>(s: S, patch: Partial<S>): void;
  onChange: Change;
}

function Fields({ step, columns, datasets, set, onChange }: FieldsProps) {
  switch (step.op) {
    case 'drop_columns':
    case 'reorder_columns':
      return <ColumnsPick label={step.op === 'drop_columns' ? 'Columns to drop' : 'Columns to put first, in this order'} value={step.columns} columns={columns} onChange={(v) => set(step, { columns: v })} />;
    case 'rename_columns':
      return <RenameRows renames={step.renames} columns={columns} onChange={(renames) => set(step, { renames })} />;
    case 'cast':
      return (
        <>
          <ColumnPick label="Column" value={step.column} columns={columns} onChange={(v) => set(step, { column: v })} />
          <Select label="New type" data={[...SEMANTIC_TYPES]} value={step.to} onChange={(v) => v && set<Of<'cast'>>(step, { to: v as Of<'cast'>['to'] })} allowDeselect={false} />
          <Choice label="Values that cannot be read" value={step.invalid} data={INVALID} onChange={(v) => set(step, { invalid: v })} />
        </>
      );
    case 'filter_rows':
      return <CommitInput mono label="Keep rows where" description="e.g. age >= 18 and country in ('PT', 'ES') — see the expression reference in docs/recipes.md" value={step.expression} onCommit={(v) => set(step, { expression: v })} />;
    case 'drop_missing':
    case 'remove_duplicates':
      return (
        <ColumnsPick
          label={step.op === 'drop_missing' ? 'Columns that must not be missing' : 'Rows are duplicates when equal in'}
          description="None chosen: every column"
          value={step.columns}
          columns={columns}
          onChange={(v) => set(step, { columns: v })}
        />
      );
    case 'impute':
      return (
        <>
          <ColumnsPick label="Columns to fill" value={step.columns} columns={columns} onChange={(v) => set(step, { columns: v })} />
          <Select label="Fill with" data={[{ value: 'median', label: 'the median' }, { value: 'mean', label: 'the mean' }, { value: 'mode', label: 'the most frequent value' }, { value: 'constant', label: 'a value' }]} value={step.strategy} onChange={(v) => v && set<Of<'impute'>>(step, { strategy: v as Of<'impute'>['strategy'] })} allowDeselect={false} />
          {step.strategy === 'constant' && <CommitInput label="Value" value={step.value === undefined ? '' : String(step.value)} onCommit={(v) => set(step, { value: v !== '' && Number.isFinite(Number(v)) ? Number(v) : v })} />}
          <Switch label="Add a column saying which values were missing" checked={step.indicator} onChange={(e) => set(step, { indicator: e.currentTarget.checked })} />
        </>
      );
    case 'outliers':
      return (
        <>
          <ColumnPick label="Column" value={step.column} columns={columns} filter={numeric} onChange={(v) => set(step, { column: v })} />
          <Choice label="Outside" value={step.method} data={[{ value: 'iqr', label: 'IQR fences' }, { value: 'zscore', label: 'z-score' }, { value: 'quantile', label: 'Quantiles' }]} onChange={(v) => set(step, { method: v })} />
          {step.method !== 'quantile' ? (
            <NumberInput label={step.method === 'iqr' ? 'k (fences at q1 − k·IQR and q3 + k·IQR)' : 'Standard deviations from the mean'} value={step.threshold ?? (step.method === 'iqr' ? 1.5 : 3)} min={0.1} step={0.5} onChange={(v) => typeof v === 'number' && set(step, { threshold: v })} />
          ) : (
            <Group grow>
              <NumberInput label="Lower quantile" value={step.lower ?? 0.01} min={0} max={1} step={0.01} decimalScale={3} onChange={(v) => typeof v === 'number' && set(step, { lower: v })} />
              <NumberInput label="Upper quantile" value={step.upper ?? 0.99} min={0} max={1} step={0.01} decimalScale={3} onChange={(v) => typeof v === 'number' && set(step, { upper: v })} />
            </Group>
          )}
          <Choice label="Values outside" value={step.action} data={[{ value: 'clip', label: 'Clip to the bounds' }, { value: 'drop', label: 'Drop their rows' }]} onChange={(v) => set(step, { action: v })} />
        </>
      );
    case 'text_clean':
      return (
        <>
          <ColumnsPick label="Text columns" value={step.columns} columns={columns.filter((c) => c.storageType === 'VARCHAR')} onChange={(v) => set(step, { columns: v })} />
          <Switch label="Trim spaces at both ends" checked={step.trim} onChange={(e) => set(step, { trim: e.currentTarget.checked })} />
          <Switch label="Collapse runs of spaces" checked={step.collapseSpaces} onChange={(e) => set(step, { collapseSpaces: e.currentTarget.checked })} />
          <Choice label="Case" value={step.case} data={[{ value: 'none', label: 'Keep' }, { value: 'lower', label: 'lower' }, { value: 'upper', label: 'UPPER' }, { value: 'title', label: 'Title' }]} onChange={(v) => set(step, { case: v })} />
        </>
      );
    case 'parse_dates':
      return (
        <>
          <ColumnPick label="Column" value={step.column} columns={columns} onChange={(v) => set(step, { column: v })} />
          <CommitInput mono label="Format" description="Empty: ISO dates (2024-01-31, optionally with a time). Otherwise strptime codes, e.g. %d/%m/%Y" value={step.format ?? ''} onCommit={(v) => set(step, { format: v })} />
          <Choice label="Values that cannot be read" value={step.invalid} data={INVALID} onChange={(v) => set(step, { invalid: v })} />
        </>
      );
    case 'bin':
      return (
        <>
          <ColumnPick label="Column" value={step.column} columns={columns} filter={numeric} onChange={(v) => set(step, { column: v })} />
          <NumberInput label="Bins" value={step.bins} min={2} max={100} onChange={(v) => typeof v === 'number' && set(step, { bins: v })} />
          <Choice label="Bin edges" value={step.strategy} data={[{ value: 'quantile', label: 'Quantiles (equal counts)' }, { value: 'equal_width', label: 'Equal width' }]} onChange={(v) => set(step, { strategy: v })} />
          <CommitInput label="New column" value={step.into ?? `${step.column}_bin`} onCommit={(v) => set(step, { into: v })} />
        </>
      );
    case 'derive':
      return (
        <>
          <CommitInput label="Column" description="A new name adds a column; an existing one is replaced" value={step.name} onCommit={(v) => set(step, { name: v })} />
          <CommitInput mono label="Expression" description="e.g. monthly_spend * 12, if(age < 30, 'young', 'other'), year(signup_date)" value={step.expression} onCommit={(v) => set(step, { expression: v })} />
        </>
      );
    case 'group_aggregate':
      return (
        <>
          <ColumnsPick label="Group by" value={step.groupBy} columns={columns} onChange={(v) => set(step, { groupBy: v })} />
          <Select label="Aggregate" data={['count', 'sum', 'mean', 'median', 'min', 'max', 'std', 'distinct']} value={step.aggregate} onChange={(v) => v && set<Of<'group_aggregate'>>(step, { aggregate: v as Of<'group_aggregate'>['aggregate'] })} allowDeselect={false} />
          <ColumnPick label="Of column" value={step.column} columns={columns} onChange={(v) => set(step, { column: v })} />
        </>
      );
    case 'encode':
      return (
        <>
          <ColumnPick label="Column" value={step.column} columns={columns} onChange={(v) => set(step, { column: v })} />
          <Choice label="Encoding" value={step.method} data={[{ value: 'one_hot', label: 'One-hot (0/1 per category)' }, { value: 'ordinal', label: 'Ordinal (0, 1, 2…)' }]} onChange={(v) => set(step, { method: v })} />
          {step.method === 'one_hot' && <NumberInput label="Most frequent categories kept (the rest: other)" value={step.maxCategories} min={1} max={200} onChange={(v) => typeof v === 'number' && set(step, { maxCategories: v })} />}
          <Switch label="Keep the original column" checked={step.keepOriginal} onChange={(e) => set(step, { keepOriginal: e.currentTarget.checked })} />
        </>
      );
    case 'join':
      return (
        <>
          <Select label="Dataset version" data={datasets} value={step.versionId || null} onChange={(v) => v && set(step, { versionId: v })} searchable allowDeselect={false} />
          <ColumnsPick label="Key columns (in both)" value={step.keys} columns={columns} onChange={(v) => set(step, { keys: v })} />
          <Choice label="Rows without a match" value={step.how} data={[{ value: 'left', label: 'Keep (left join)' }, { value: 'inner', label: 'Drop (inner join)' }]} onChange={(v) => set(step, { how: v })} />
        </>
      );
    case 'sample':
      return (
        <>
          <Choice label="Sample" value={step.method} data={[{ value: 'random', label: 'Random' }, { value: 'stratified', label: 'Stratified' }]} onChange={(v) => onChange({ ...step, method: v, ...(v === 'stratified' && !step.column ? { column: columns[0]?.name ?? '' } : {}) })} />
          {step.method === 'stratified' && <ColumnPick label="Keep the shares of" value={step.column ?? ''} columns={columns} onChange={(v) => set(step, { column: v })} />}
          <NumberInput label="Share of rows kept" value={step.fraction ?? 0.1} min={0.001} max={1} step={0.05} decimalScale={3} onChange={(v) => typeof v === 'number' && onChange({ ...step, fraction: v, rows: undefined })} />
          <NumberInput label="Seed" value={step.seed} min={0} onChange={(v) => typeof v === 'number' && set(step, { seed: v })} />
        </>
      );
  }
}
