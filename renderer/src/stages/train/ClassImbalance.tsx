/**
 * The train wizard's "Class imbalance" choice (classification only): none, SMOTE, random oversampling or random
 * undersampling of the rows each model fits on; a one-line hint when the profile shows the target imbalanced, and a
 * preview of the training rows per class before and after, estimated from the profile's class counts.
 */
import { NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { RESAMPLE_DEFAULTS, RESAMPLE_NAMES, resampledCounts, type ResampleInput, type ResampleMethod } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { ClassBalanceChart } from './ClassBalance';

export interface ResampleChoice {
  method: ResampleMethod | 'none';
  ratio?: number;
  k?: number;
}

export interface ClassCount {
  label: string;
  count: number;
}

/** Below this minority:majority the wizard calls the target imbalanced. */
const IMBALANCED = 1 / 3;

/** The request's setting for a choice; undefined for none. */
export function resampleInput(choice: ResampleChoice): ResampleInput | undefined {
  if (choice.method === 'none') return undefined;
  return { method: choice.method, ...(choice.ratio ? { ratio: choice.ratio } : {}), ...(choice.method === 'smote' && choice.k ? { k: choice.k } : {}) };
}

/**
 * Rows per class of the target, when a profile knows them: the profile computed for this target, else the column's
 * top values of the version's profile when they are all of its values. Null when the version has no such profile.
 */
export function useClassCounts(versionId: string | null, target: string | null): ClassCount[] | null {
  const enabled = versionId !== null && target !== null;
  const forTarget = useGyreQuery('profiles.get', { versionId: versionId ?? '', target: target ?? '' }, { enabled });
  const plain = useGyreQuery('profiles.get', { versionId: versionId ?? '' }, { enabled: enabled && forTarget.data === null });
  const classes = forTarget.data?.target?.classes;
  if (classes) return classes.map((c) => ({ label: c.value, count: c.count }));
  const column = plain.data?.columns.find((c) => c.name === target);
  if (column?.topValues && column.topValues.length === column.distinct) return column.topValues.map((v) => ({ label: v.value, count: v.count }));
  return null;
}

interface Props {
  value: ResampleChoice;
  onChange(value: ResampleChoice): void;
  target: string;
  counts: ClassCount[] | null;
  testShare: number;
}

export function ClassImbalance({ value, onChange, target, counts, testShare }: Props) {
  const hint = imbalanceHint(target, counts);
  const method = value.method;
  // A stratified split keeps each class's share: the training rows are about (1 − test share) of each class.
  const before = counts?.map((c) => Math.round(c.count * (1 - testShare)));
  const after = before && method !== 'none' ? resampledCounts(before, method, value.ratio ?? RESAMPLE_DEFAULTS.ratio) : null;
  const name = method === 'none' ? '' : RESAMPLE_NAMES[method];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Class imbalance
      </Text>
      <SegmentedControl
        aria-label="Class imbalance"
        value={method}
        onChange={(v) => onChange({ ...value, method: v as ResampleChoice['method'] })}
        data={[
          { value: 'none', label: 'None' },
          { value: 'smote', label: 'SMOTE' },
          { value: 'oversample', label: 'Random oversampling' },
          { value: 'undersample', label: 'Random undersampling' },
        ]}
      />
      <Text size="xs" c="dimmed">
        Resamples the training rows each model fits on (not the baseline’s); rows held out for early stopping and the test rows are never resampled. Ratio and neighbours are under Settings.
      </Text>
      {hint && (
        <Text size="sm" c="orange.8" role="note" aria-label="Imbalance hint">
          {hint}
        </Text>
      )}
      {counts && before && after && (
        <>
          <ClassBalanceChart
            height={190}
            afterName="After (estimated)"
            label={`Training rows per class before and after ${name}, estimated`}
            classes={counts.map((c, i) => ({ label: c.label, before: before[i]!, after: after[i]! }))}
          />
          <Text size="xs" c="dimmed">
            Estimated from the profile’s class counts and the test share; each run records its exact counts.
          </Text>
        </>
      )}
      {method !== 'none' && !counts && (
        <Text size="xs" c="dimmed">
          Profile this version with “{target}” as the target (Explore stage) to preview its class balance here.
        </Text>
      )}
    </Stack>
  );
}

/** "“churned” is imbalanced: “yes” is 6.0% of rows (1 to 15.7)…" when the smallest class has under a third of the largest's rows. */
export function imbalanceHint(target: string, counts: ClassCount[] | null): string | null {
  if (!counts || counts.length < 2) return null;
  const sorted = [...counts].sort((a, b) => b.count - a.count);
  const [largest, smallest] = [sorted[0]!, sorted[sorted.length - 1]!];
  if (smallest.count === 0 || smallest.count / largest.count >= IMBALANCED) return null;
  const total = counts.reduce((n, c) => n + c.count, 0);
  return `“${target}” is imbalanced: “${smallest.label}” is ${((100 * smallest.count) / total).toFixed(1)}% of rows (1 to ${(largest.count / smallest.count).toFixed(1)} against “${largest.label}”). SMOTE or oversampling the training rows can help models learn the rare class.`;
}

/** The ratio and SMOTE's neighbours, for the wizard's Settings. */
export function ResampleSettings({ value, onChange, disabled }: { value: ResampleChoice; onChange(value: ResampleChoice): void; disabled: boolean }) {
  const number = (v: string | number) => (typeof v === 'number' ? v : undefined);
  return (
    <>
      <NumberInput label="Resampling ratio" description="minority:majority, 1 = balanced" placeholder="1" value={value.ratio ?? ''} onChange={(v) => onChange({ ...value, ratio: number(v) })} min={0.05} max={1} step={0.1} decimalScale={2} disabled={disabled || value.method === 'none'} />
      <NumberInput label="SMOTE neighbours" description="k nearest of the same class" placeholder="5" value={value.k ?? ''} onChange={(v) => onChange({ ...value, k: number(v) })} min={1} max={100} allowDecimal={false} disabled={disabled || value.method !== 'smote'} />
    </>
  );
}
