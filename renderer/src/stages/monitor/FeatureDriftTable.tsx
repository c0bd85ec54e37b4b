/**
 * Every feature's drift statistics, drifted first, the statistic that decided highlighted; the chosen feature's
 * distribution in the training rows and in the batch drawn below.
 */
import { useState } from 'react';
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { DriftMethod, FeatureDrift } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { distributionOption } from './driftCharts';
import { decisionText, pValue, sortFeatures, stat, WHOLE } from './monitorText';

const COLUMNS: { method: DriftMethod; label: string; help: string; cell(f: FeatureDrift): string }[] = [
  { method: 'psi', label: 'PSI', help: 'Population stability index: 0 is the same distribution; above 0.2 is a large shift', cell: (f) => stat(f.psi) },
  { method: 'ks', label: 'KS (p)', help: 'Kolmogorov–Smirnov statistic and its p-value (numeric features)', cell: (f) => (f.ks ? `${stat(f.ks.statistic)} (${pValue(f.ks.pValue)})` : '—') },
  { method: 'chi2', label: 'chi² (p)', help: 'Chi-squared statistic and its p-value (categorical features)', cell: (f) => (f.chi2 ? `${stat(f.chi2.statistic)} (${pValue(f.chi2.pValue)})` : '—') },
  { method: 'js', label: 'JS', help: 'Jensen–Shannon distance, base 2: 0 same, 1 no overlap', cell: (f) => stat(f.js) },
  { method: 'wasserstein', label: 'Wasserstein (sd)', help: 'Earth mover’s distance, in standard deviations of the training rows (numeric features)', cell: (f) => stat(f.wassersteinSd) },
];

/** A drift badge for a feature or a prediction: drifted, stable, or not measured. */
export function DriftBadge({ f }: { f: FeatureDrift }) {
  if (f.score === null) {
    return (
      <Badge color="gray" variant="light" style={WHOLE}>
        not measured
      </Badge>
    );
  }
  return f.drifted ? (
    <Badge color="red" variant="filled" style={WHOLE}>
      drifted
    </Badge>
  ) : (
    <Badge color="teal" variant="light" style={WHOLE}>
      stable
    </Badge>
  );
}

export function FeatureDriftTable({ features }: { features: FeatureDrift[] }) {
  const sorted = sortFeatures(features);
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = sorted.find((f) => f.name === chosen) ?? sorted[0] ?? null;
  return (
    <Stack gap="md">
      <Table.ScrollContainer minWidth={860}>
        <Table aria-label="Drift per feature" verticalSpacing={4} highlightOnHover fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Feature</Table.Th>
              <Table.Th>Drift</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c.method} ta="right" title={c.help}>
                  {c.label}
                </Table.Th>
              ))}
              <Table.Th>Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((f) => (
              <Table.Tr
                key={f.name}
                onClick={() => setChosen(f.name)}
                onKeyDown={(e) => e.key === 'Enter' && setChosen(f.name)}
                tabIndex={0}
                style={{ cursor: 'pointer' }}
                aria-selected={f.name === shown?.name}
                bg={f.name === shown?.name ? 'var(--mantine-primary-color-light)' : undefined}
                data-testid={`feature-${f.name}`}
              >
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {f.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {f.kind}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <DriftBadge f={f} />
                </Table.Td>
                {COLUMNS.map((c) => {
                  const deciding = c.method === f.method;
                  return (
                    <Table.Td
                      key={c.method}
                      ta="right"
                      ff="monospace"
                      style={{ whiteSpace: 'nowrap' }}
                      fw={deciding ? 700 : undefined}
                      bg={deciding ? (f.drifted ? 'var(--mantine-color-red-light)' : 'var(--mantine-color-blue-light)') : undefined}
                      title={deciding ? `Decides: ${decisionText(f.method, f.threshold)}` : undefined}
                    >
                      {c.cell(f)}
                    </Table.Td>
                  );
                })}
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {f.note ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shown && <FeatureDistribution feature={shown} />}
    </Stack>
  );
}

export function FeatureDistribution({ feature: f, title }: { feature: FeatureDrift; title?: string }) {
  const name = title ?? f.name;
  return (
    <Stack gap={4} data-testid="feature-distribution">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {`Distribution of ${name}: training rows and this batch`}
        </Text>
        <DriftBadge f={f} />
        <Text size="xs" c="dimmed">
          {f.reference.toLocaleString('en')} training values · {f.batch.toLocaleString('en')} batch values
          {f.score !== null && ` · ${f.method.toUpperCase()} ${stat(f.score)}; drifted at ${decisionText(f.method, f.threshold)}`}
        </Text>
      </Group>
      {f.chart ? (
        <EChart option={distributionOption(f.chart, name)} label={`Distribution of ${name} in the training rows and in the batch`} height={240} />
      ) : (
        <Text size="sm" c="dimmed">
          No chart: {f.note ?? 'no values to draw'}.
        </Text>
      )}
    </Stack>
  );
}
