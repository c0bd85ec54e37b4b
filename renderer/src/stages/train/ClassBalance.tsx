/**
 * Rows per class of the training split before and after resampling for class imbalance: the chart a run's drawer
 * shows for a resampled run, and the wizard's preview from the class counts the profile knows.
 */
import { Stack, Text } from '@mantine/core';
import { formatResampleRatio, RESAMPLE_NAMES, type ResampleRecord, type Run } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { groupedBarOption } from '../../components/charts/groupedBarOption';

const BEFORE = '#adb5bd';
const AFTER = '#228be6';

interface ChartProps {
  classes: { label: string; before: number; after: number }[];
  /** What the bars are, for screen readers and tests. */
  label: string;
  afterName?: string;
  height?: number;
}

export function ClassBalanceChart({ classes, label, afterName = 'After resampling', height = 220 }: ChartProps) {
  const option = groupedBarOption({
    categories: classes.map((c) => c.label),
    series: [
      { name: 'Before', values: classes.map((c) => c.before), color: BEFORE },
      { name: afterName, values: classes.map((c) => c.after), color: AFTER },
    ],
    categoryName: 'Class',
    valueName: 'Training rows',
  });
  return <EChart label={label} height={height} option={option} />;
}

const count = (n: number) => n.toLocaleString('en');

/** What resampling did, in a sentence: rows made, copied or left out, and what it never touched. */
export function resampleSentence(record: ResampleRecord, testRows: number): string {
  const done = [
    record.synthetic ? `made ${count(record.synthetic)} synthetic rows` : '',
    record.duplicated ? `copied ${count(record.duplicated)} rows` : '',
    record.dropped ? `left out ${count(record.dropped)} rows` : '',
  ].filter(Boolean);
  const k = record.method === 'smote' ? ` with k = ${record.k ?? 5} neighbours` : '';
  const untouched = record.validationRows ? `, nor the ${count(record.validationRows)} training rows held out for early stopping` : '';
  return `${RESAMPLE_NAMES[record.method]} to ${formatResampleRatio(record.ratio)} (minority:majority)${k} ${done.length ? done.join(' and ') : 'changed nothing'}. The ${count(testRows)} test rows were never resampled${untouched}; preprocessing was fitted on the real training rows.`;
}

/** The drawer's account of a resampled run: the sentence, the chart and any notes. */
export function RunClassBalance({ run, record }: { run: Run; record: ResampleRecord }) {
  return (
    <Stack gap={6}>
      <Text size="sm">{resampleSentence(record, run.split.testRows)}</Text>
      <ClassBalanceChart classes={record.classes} label={`Training rows per class of ${run.id}, before and after ${RESAMPLE_NAMES[record.method]}`} />
      <Text size="sm" c="dimmed">
        The model learned from these proportions, so its probabilities lean towards the rarer classes: read its ranking metrics (ROC AUC, PR AUC), and check calibration before trusting a probability or choosing a threshold.
      </Text>
      {record.notes.map((n) => (
        <Text key={n} size="sm" c="dimmed">
          {n}
        </Text>
      ))}
    </Stack>
  );
}
