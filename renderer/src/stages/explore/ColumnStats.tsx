/** A column's numbers as a compact list of label and value: counts, then what its type has (spread, dates or lengths). */
import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ColumnProfile } from '@contract';
import { formatIsoDate, formatNumber, formatPct } from '../../components/charts/numbers';

type Pair = [label: string, value: string, hint?: string];

function pairsOf(c: ColumnProfile): Pair[] {
  const pairs: Pair[] = [
    ['Missing', `${c.missing.toLocaleString()} (${formatPct(c.missingPct)})`],
    ['Distinct', c.distinct.toLocaleString()],
  ];
  const n = c.numeric;
  if (n && c.semanticType !== 'boolean') {
    pairs.push(
      ['Min', formatNumber(n.min)],
      ['Max', formatNumber(n.max)],
      ['Mean', formatNumber(n.mean)],
      ['Std. deviation', formatNumber(n.std)],
      ['5th percentile', formatNumber(n.quantiles.p05)],
      ['Lower quartile', formatNumber(n.quantiles.p25)],
      ['Median', formatNumber(n.quantiles.p50)],
      ['Upper quartile', formatNumber(n.quantiles.p75)],
      ['95th percentile', formatNumber(n.quantiles.p95)],
      ['Skewness', formatNumber(n.skewness), 'Near 0 is symmetric; beyond ±1 is strongly skewed'],
      ['Zeros', n.zeros.toLocaleString()],
      ['Negative', n.negative.toLocaleString()],
    );
  }
  if (c.datetime) pairs.push(['Earliest', formatIsoDate(c.datetime.min)], ['Latest', formatIsoDate(c.datetime.max)]);
  if (c.text) {
    pairs.push(['Length in characters', `${c.text.minLength} – ${c.text.maxLength}`], ['Mean length', formatNumber(c.text.meanLength)]);
  }
  return pairs;
}

export function ColumnStats({ column }: { column: ColumnProfile }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing="xs" component="dl" aria-label={`Statistics of ${column.name}`} m={0}>
      {pairsOf(column).map(([label, value, hint]) => (
        <Stack key={label} gap={0} title={hint}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" size="sm" ff="monospace" m={0}>
            {value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
