/**
 * Fairness across the charter's sensitive attributes: per attribute, each group's rates, and the differences
 * between groups (Fairlearn's demographic parity and equalized odds) against the charter's limit.
 */
import { Alert, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { EvaluationReport, FairnessSection, GroupFairness } from '@contract';
import { disparityVerdict, formatValue, shareText } from './evaluationText';
import { ReportSection } from './ReportSection';

const mono = { fontVariantNumeric: 'tabular-nums' as const };
type Task = EvaluationReport['task'];

const RATES: { key: keyof GroupFairness; label: string; help: string }[] = [
  { key: 'selectionRate', label: 'Selection rate', help: 'Share of the group predicted positive' },
  { key: 'tpr', label: 'TPR', help: 'True-positive rate: share of actual positives caught' },
  { key: 'fpr', label: 'FPR', help: 'False-positive rate: share of actual negatives flagged' },
  { key: 'precision', label: 'Precision', help: 'Share of predicted positives that are right' },
  { key: 'accuracy', label: 'Accuracy', help: 'Share of rows predicted right' },
];

function GroupsTable({ section, task }: { section: FairnessSection; task: Task }) {
  const rates = task === 'regression' ? [{ key: 'mae' as const, label: 'MAE', help: 'Mean absolute error of the group' }] : RATES;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table data-testid={`fairness-${section.attribute}`} aria-label={`Groups of ${section.attribute}`} withTableBorder verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Group</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th ta="right">Share</Table.Th>
            {rates.map((r) => (
              <Table.Th key={r.key} ta="right" title={r.help}>
                {r.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {section.groups.map((g) => (
            <Table.Tr key={g.group}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {g.group}
                  {g.small && (
                    <Badge size="xs" color="orange" variant="light" style={{ textTransform: 'none' }} title="Fewer than 30 rows: these rates are unreliable">
                      few rows
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td ta="right" style={mono}>
                {g.count.toLocaleString('en')}
              </Table.Td>
              <Table.Td ta="right" style={mono}>
                {shareText(g.share)}
              </Table.Td>
              {rates.map((r) => (
                <Table.Td key={r.key} ta="right" style={mono}>
                  {formatValue(g[r.key] as number | null | undefined)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Disparities({ section }: { section: FairnessSection }) {
  const limit = section.maxDisparity;
  const rows: { label: string; value: number | null; judged: boolean; help: string; equal?: string }[] = [
    { label: 'Demographic parity difference', value: section.demographicParityDifference, judged: true, help: 'Largest gap in selection rate between groups; 0 is equal' },
    { label: 'Demographic parity ratio', value: section.demographicParityRatio, judged: false, help: 'Smallest selection rate over the largest', equal: '1 is equal; no limit' },
    { label: 'Equalized odds difference', value: section.equalizedOddsDifference, judged: true, help: 'Larger of the gaps in TPR and in FPR between groups; 0 is equal' },
    { label: 'Equalized odds ratio', value: section.equalizedOddsRatio, judged: false, help: 'Smaller of the TPR and FPR ratios between groups', equal: '1 is equal; no limit' },
  ];
  return (
    <Table aria-label={`Differences between groups of ${section.attribute}`} withTableBorder verticalSpacing={4} fz="sm" maw={720}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Measure</Table.Th>
          <Table.Th ta="right">Value</Table.Th>
          <Table.Th>Charter limit</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => {
          const judged = r.judged ? disparityVerdict(r.value, limit) : null;
          return (
            <Table.Tr key={r.label}>
              <Table.Td title={r.help}>{r.label}</Table.Td>
              <Table.Td ta="right" style={mono}>
                {formatValue(r.value)}
              </Table.Td>
              <Table.Td>
                {!r.judged ? (
                  <Text span size="sm" c="dimmed">
                    {r.equal}
                  </Text>
                ) : judged === null ? (
                  <Text span size="sm" c="dimmed">
                    {limit === null ? 'none set' : 'not defined'}
                  </Text>
                ) : (
                  <Badge variant="light" color={judged === 'within' ? 'teal' : 'red'} style={{ textTransform: 'none' }}>
                    {judged === 'within' ? `✓ within ≤ ${limit}` : `✗ over ${limit}`}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function hasDisparities(s: FairnessSection): boolean {
  return [s.demographicParityDifference, s.demographicParityRatio, s.equalizedOddsDifference, s.equalizedOddsRatio].some((v) => v !== null);
}

function Verdict({ section }: { section: FairnessSection }) {
  if (section.passed === null) return <Badge color="gray" variant="light" style={{ textTransform: 'none' }}>{section.maxDisparity === null ? 'added for this evaluation: no limit' : 'not judged'}</Badge>;
  return (
    <Badge color={section.passed ? 'teal' : 'red'} variant="light" style={{ textTransform: 'none' }}>
      {section.passed ? `within the limit of ${section.maxDisparity}` : `over the limit of ${section.maxDisparity}`}
    </Badge>
  );
}

function AttributeFairness({ section, task }: { section: FairnessSection; task: Task }) {
  const source = section.column && section.column !== section.attribute ? ` (column ${section.column})` : '';
  return (
    <Stack gap="xs" role="group" aria-label={`Fairness for ${section.attribute}`}>
      <Group gap="sm">
        <Title order={4} size="h5">
          {section.attribute}
          {source}
        </Title>
        <Verdict section={section} />
      </Group>
      {section.note && (
        <Alert color="yellow" variant="light" title="Not fully checked">
          {section.note}
        </Alert>
      )}
      {section.groups.length > 0 && <GroupsTable section={section} task={task} />}
      {hasDisparities(section) && <Disparities section={section} />}
    </Stack>
  );
}

export function FairnessView({ sections, task }: { sections: FairnessSection[]; task: Task }) {
  return (
    <ReportSection
      title="Fairness"
      description="Whether the model treats groups of people alike: how often each group is selected and how often it is wrongly flagged or missed. Small groups give unreliable rates; a large difference is a reason to look closer before shipping."
    >
      {sections.length === 0 ? (
        <Text size="sm">
          The charter names no sensitive attributes, so no group was checked. Add them to the charter on the Plan stage, under Sensitive attributes (a column such as sex or age band, with the largest difference you allow), or name extra columns when you start an evaluation, then evaluate again.
        </Text>
      ) : (
        <Stack gap="xl">
          {sections.map((s) => (
            <AttributeFairness key={s.attribute} section={s} task={task} />
          ))}
        </Stack>
      )}
    </ReportSection>
  );
}
