/** How columns move together: a heatmap of Pearson, Spearman or Cramér's V, with each method explained in a line. */
import { useMemo, useState } from 'react';
import { Box, SegmentedControl, Text, useComputedColorScheme } from '@mantine/core';
import type { Profile } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { heatmapOption } from '../../components/charts/options';
import { Section } from '../../components/Section';

type Method = 'pearson' | 'spearman' | 'cramersV';

const METHODS: Record<Method, { label: string; about: string; min: number; needs: string }> = {
  pearson: { label: 'Pearson', about: 'Linear relation between numeric columns (booleans as 0/1): −1 opposite, 0 none, 1 together.', min: -1, needs: 'numeric' },
  spearman: { label: 'Spearman', about: 'Monotonic relation between numeric columns, computed on ranks, so outliers matter less: −1 to 1.', min: -1, needs: 'numeric' },
  cramersV: { label: 'Cramér’s V', about: 'Association between categorical columns: 0 independent, 1 one column determines the other.', min: 0, needs: 'categorical' },
};

const DIVERGING = { light: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'], dark: ['#4393c3', '#2b4c66', '#2e2e2e', '#6e3530', '#d6604d'] };
const SEQUENTIAL = { light: ['#f7f7f7', '#bcbddc', '#54278f'], dark: ['#2e2e2e', '#6a51a3', '#c6b9ee'] };

export function CorrelationsSection({ profile }: { profile: Profile }) {
  const [method, setMethod] = useState<Method>('pearson');
  const scheme = useComputedColorScheme('light');
  const matrix = profile.correlations[method];
  const info = METHODS[method];
  const option = useMemo(
    () =>
      heatmapOption({
        columns: matrix.columns,
        values: matrix.values,
        measure: info.label,
        min: info.min,
        max: 1,
        colors: (info.min < 0 ? DIVERGING : SEQUENTIAL)[scheme],
      }),
    [matrix, info, scheme],
  );
  const { sampledRows } = profile.correlations;
  const n = matrix.columns.length;
  return (
    <Section
      title="Correlations"
      description={info.about}
      actions={
        <SegmentedControl
          aria-label="Correlation method"
          value={method}
          onChange={(v) => setMethod(v as Method)}
          data={(Object.keys(METHODS) as Method[]).map((m) => ({ value: m, label: METHODS[m].label }))}
        />
      }
    >
      {n >= 2 ? (
        <Box maw={Math.max(520, 200 + n * 64)}>
          <EChart option={option} label={`${info.label} correlation heatmap of ${n} columns`} height={Math.min(760, Math.max(280, 120 + n * 40))} />
        </Box>
      ) : (
        <Text size="sm" c="dimmed">
          {info.label} needs at least two {info.needs} columns; this version has {n === 0 ? 'none' : 'one'}.
        </Text>
      )}
      {sampledRows < profile.overview.rows && (
        <Text size="xs" c="dimmed">
          Computed on {sampledRows.toLocaleString()} sampled rows of {profile.overview.rows.toLocaleString()}.
        </Text>
      )}
    </Section>
  );
}
