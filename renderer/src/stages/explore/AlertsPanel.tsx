/** What looks wrong in the data, critical first, each with what to do about it; personal data reads as a privacy note. */
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'wouter';
import type { Alert, AlertKind } from '@contract';
import { Section } from '../../components/Section';

const SEVERITY = {
  critical: { color: 'red', icon: '!', label: 'Critical', rank: 0 },
  warning: { color: 'orange', icon: '!', label: 'Warning', rank: 1 },
  info: { color: 'blue', icon: 'i', label: 'Note', rank: 2 },
} as const;

const KIND_LABELS: Record<AlertKind, string> = {
  constant: 'Constant column',
  high_cardinality: 'High cardinality',
  mostly_missing: 'Mostly missing',
  skewed: 'Skewed distribution',
  high_correlation: 'Highly correlated columns',
  duplicate_rows: 'Duplicate rows',
  imbalanced_target: 'Imbalanced target',
  target_leakage: 'Possible target leakage',
  identifier: 'Identifier column',
  personal_data: 'Privacy: possible personal data',
};

function LockIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </svg>
  );
}

/** A recipe step that fixes the alert, as a link to the Prepare stage's recipe editor. */
type Fix = (alert: Alert) => { label: string; href: string; take(): void } | null;

function AlertItem({ alert, fix }: { alert: Alert; fix: Fix | undefined }) {
  const action = fix?.(alert);
  const severity = SEVERITY[alert.severity];
  const privacy = alert.kind === 'personal_data';
  const color = privacy ? 'grape' : severity.color;
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`alert-${alert.kind}`} role="listitem" style={{ borderLeft: `4px solid var(--mantine-color-${color}-filled)` }}>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <ThemeIcon color={color} variant="light" radius="xl" size="md" aria-hidden>
          {privacy ? (
            <LockIcon />
          ) : (
            <Text fw={800} size="sm">
              {severity.icon}
            </Text>
          )}
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600} size="sm">
              {KIND_LABELS[alert.kind]}
            </Text>
            <Badge size="xs" color={severity.color} variant="light">
              {severity.label}
            </Badge>
            {alert.columns.map((c) => (
              <Badge key={c} size="sm" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                {c}
              </Badge>
            ))}
          </Group>
          <Text size="sm">{alert.message}</Text>
          <Text size="sm" c="dimmed">
            <b>{privacy ? 'Privacy note: ' : 'What to do: '}</b>
            {alert.suggestion}
          </Text>
          {action && (
            <Anchor component={Link} href={action.href} onClick={action.take} size="sm" w="fit-content" aria-label={`Fix in Prepare: ${action.label}`} data-tour="fix-in-prepare">
              Fix in Prepare: {action.label} →
            </Anchor>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

export function AlertsPanel({ alerts, fix }: { alerts: Alert[]; fix?: Fix }) {
  const sorted = [...alerts].sort((a, b) => SEVERITY[a.severity].rank - SEVERITY[b.severity].rank);
  const count = (severity: Alert['severity'], one: string, many: string) => {
    const n = alerts.filter((a) => a.severity === severity).length;
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  };
  const counts = [...count('critical', 'critical', 'critical'), ...count('warning', 'warning', 'warnings'), ...count('info', 'note', 'notes')];
  const summary =
    alerts.length === 0 ? 'Nothing looks wrong: no constant, mostly missing, leaking or personal-data columns were found.' : `${counts.join(', ')}.`;
  return (
    <Section title="Alerts" description={summary}>
      {sorted.length > 0 && (
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="xs" role="list">
          {sorted.map((a, i) => (
            <AlertItem key={`${a.kind}-${a.columns.join(',')}-${i}`} alert={a} fix={fix} />
          ))}
        </SimpleGrid>
      )}
    </Section>
  );
}
