/**
 * Drift settings and alert rules, folded away until opened (no animation: the form is used at once): how drift is decided, the charter's rules (its success
 * criteria, sensitive attributes and drift) and custom ones, each on or off, beside the charter's retraining trigger.
 */
import { useState } from 'react';
import { ActionIcon, Badge, Blockquote, Button, Grid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { metricsForTask, type AlertRule, type CharterVersion, type Metric } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { AddRuleForm } from './AddRuleForm';
import { DriftSettingsForm } from './DriftSettingsForm';
import { SEVERITY_COLORS, WHOLE } from './monitorText';

interface Props {
  projectId: string;
  charter: CharterVersion | null;
  /** Feature names from the report shown, suggested for a feature rule. */
  features: string[];
}

export function SettingsSection({ projectId, charter, features }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <Section
      title="Drift settings and alert rules"
      description="How drift is decided, and which rules raise alerts on a batch. The charter’s success criteria and sensitive attributes become rules on their own."
      actions={
        <Button variant="default" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? 'Hide' : 'Show settings and rules'}
        </Button>
      }
    >
      {open && <SettingsBody projectId={projectId} charter={charter} features={features} />}
    </Section>
  );
}

function SettingsBody({ projectId, charter, features }: Props) {
  const settings = useGyreQuery('monitor.settings', { projectId });
  if (settings.isPending) return <LoadingState label="Loading the monitoring settings…" />;
  if (settings.isError) return <ErrorState title="The monitoring settings could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const metrics = (charter ? metricsForTask(charter.content.task) : (['accuracy', 'roc_auc', 'mae'] as Metric[])).filter((m) => m !== 'p95_latency_ms' && m !== 'model_size_mb');
  const attributes = charter?.content.constraints.sensitiveAttributes.map((a) => a.name) ?? [];
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Drift
        </Title>
        <DriftSettingsForm key={JSON.stringify(s.drift)} projectId={projectId} saved={s.drift} />
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="sm">
            <Title order={3} size="h5">
              Alert rules
            </Title>
            <RulesTable projectId={projectId} rules={s.rules} />
            <AddRuleForm projectId={projectId} metrics={metrics} features={features} attributes={attributes} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="xs">
            <Title order={3} size="h5">
              The charter’s retraining trigger
            </Title>
            {s.retrainingTrigger ? (
              <Blockquote p="sm" data-testid="retraining-trigger">
                <Text size="sm">{s.retrainingTrigger}</Text>
              </Blockquote>
            ) : (
              <Text size="sm" c="dimmed">
                The charter does not say when to retrain; write it on the Plan stage (Constraints → retraining trigger).
              </Text>
            )}
            <Text size="xs" c="dimmed">
              The rules marked “from the charter” are how Gyre reads it: each success criterion below its acceptable level, each sensitive attribute over its
              allowed disparity, and the drift setting. Add a rule for anything else it says.
            </Text>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function RulesTable({ projectId, rules }: { projectId: string; rules: AlertRule[] }) {
  const update = useGyreMutation('monitor.updateRule');
  const change = (r: AlertRule, c: { enabled?: boolean; remove?: boolean }) => update.mutate({ projectId, ruleId: r.id, ...c }, { onError: (e) => notifyError(e, 'Could not change the rule') });
  return (
    <Table aria-label="Alert rules" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>On</Table.Th>
          <Table.Th>Alert when</Table.Th>
          <Table.Th>Severity</Table.Th>
          <Table.Th>Origin</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.map((r) => (
          <Table.Tr key={r.id} opacity={r.enabled ? 1 : 0.6}>
            <Table.Td>
              <Switch checked={r.enabled} onChange={(e) => change(r, { enabled: e.currentTarget.checked })} aria-label={`${r.enabled ? 'Turn off' : 'Turn on'}: ${r.description}`} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.description}</Text>
            </Table.Td>
            <Table.Td>
              <Badge color={SEVERITY_COLORS[r.severity]} variant="light" style={WHOLE}>
                {r.severity}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Badge color={r.origin === 'charter' ? 'blue' : 'grape'} variant="outline" style={{ ...WHOLE, textTransform: 'none' }}>
                {r.origin === 'charter' ? 'from the charter' : 'custom'}
              </Badge>
            </Table.Td>
            <Table.Td ta="right">
              {r.origin === 'custom' && (
                <ActionIcon variant="subtle" color="red" onClick={() => change(r, { remove: true })} aria-label={`Remove the rule: ${r.description}`} title="Remove">
                  ✕
                </ActionIcon>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
