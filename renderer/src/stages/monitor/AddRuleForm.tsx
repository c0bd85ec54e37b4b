/** A custom alert rule: its kind, what it watches, its limit and how severe an alert it raises. */
import { useState } from 'react';
import { Autocomplete, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { GyreError, METRIC_INFO, RULE_KINDS, type AlertRuleInput, type Metric, type RuleKind, type RuleSeverity } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { notifySuccess } from '../../components/notify';
import { RULE_KIND_LABELS } from './monitorText';

interface Props {
  projectId: string;
  /** Metrics a batch of this project can measure. */
  metrics: Metric[];
  /** Feature names (of the reports seen) and the charter's sensitive attributes, offered as suggestions. */
  features: string[];
  attributes: string[];
}

/** The rule as the contract takes it; `limit` is a share in % for shares, the metric's own value otherwise. */
function ruleOf(kind: RuleKind, metric: Metric, limit: number, name: string): AlertRuleInput {
  switch (kind) {
    case 'metric':
      return { kind, metric, threshold: limit };
    case 'drift_share':
    case 'missing_rate':
      return { kind, threshold: limit / 100 };
    case 'feature_drift':
      return { kind, feature: name };
    case 'fairness':
      return { kind, attribute: name, threshold: limit };
    case 'prediction_drift':
    case 'schema':
      return { kind };
    default: {
      const never: never = kind;
      throw new Error(`Unknown rule kind ${String(never)}`);
    }
  }
}

export function AddRuleForm({ projectId, metrics, features, attributes }: Props) {
  const [kind, setKind] = useState<RuleKind>('metric');
  const [metric, setMetric] = useState<Metric>(metrics[0] ?? 'accuracy');
  const [limit, setLimit] = useState<number>(0.8);
  const [name, setName] = useState('');
  const [severity, setSeverity] = useState<RuleSeverity>('warning');
  const [error, setError] = useState<string | null>(null);
  const add = useGyreMutation('monitor.addRule');
  const percent = kind === 'drift_share' || kind === 'missing_rate';
  const chooseKind = (k: RuleKind) => (setKind(k), setError(null), setName(''), setLimit(k === 'drift_share' ? 30 : k === 'missing_rate' ? 10 : k === 'fairness' ? 0.1 : 0.8));
  const submit = () => {
    setError(null);
    add.mutate(
      { projectId, rule: ruleOf(kind, metric, limit, name.trim()), severity },
      {
        onSuccess: (r) => notifySuccess(`Rule added: ${r.description}.`),
        onError: (e) => setError(e instanceof GyreError && e.details?.issues?.[0] ? e.details.issues[0].message : e.message),
      },
    );
  };
  return (
    <Stack gap="xs" p="md" bg="var(--mantine-color-default-hover)" style={{ borderRadius: 'var(--mantine-radius-default)' }} aria-label="Add a rule" role="group">
      <Text size="sm" fw={600}>
        Add a rule
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label="Alert when" data={RULE_KINDS.map((k) => ({ value: k, label: RULE_KIND_LABELS[k] }))} value={kind} onChange={(v) => v && chooseKind(v as RuleKind)} allowDeselect={false} w={340} />
        {kind === 'metric' && (
          <>
            <Select label="Metric" data={metrics.map((m) => ({ value: m, label: METRIC_INFO[m].label }))} value={metric} onChange={(v) => v && setMetric(v as Metric)} allowDeselect={false} w={180} />
            <NumberInput label={METRIC_INFO[metric].direction === 'higher' ? 'falls below' : 'rises above'} value={limit} onChange={(v) => typeof v === 'number' && setLimit(v)} decimalScale={4} step={0.01} w={130} />
          </>
        )}
        {percent && <NumberInput label={kind === 'drift_share' ? 'drifted features reach' : 'an input is missing in more than'} suffix=" %" value={limit} onChange={(v) => typeof v === 'number' && setLimit(v)} min={1} max={100} w={200} />}
        {kind === 'feature_drift' && <Autocomplete label="Feature" data={features} value={name} onChange={setName} placeholder="monthly_spend" w={220} error={error ?? undefined} />}
        {kind === 'fairness' && (
          <>
            <Autocomplete label="Sensitive attribute" data={attributes} value={name} onChange={setName} placeholder="gender" w={200} error={error ?? undefined} />
            <NumberInput label="parity difference above" value={limit} onChange={(v) => typeof v === 'number' && setLimit(v)} min={0} max={1} step={0.01} decimalScale={3} w={170} />
          </>
        )}
        <SegmentedControl
          value={severity}
          onChange={(v) => setSeverity(v as RuleSeverity)}
          aria-label="Severity"
          data={[
            { value: 'warning', label: 'Warning' },
            { value: 'critical', label: 'Critical' },
          ]}
        />
        <Button onClick={submit} loading={add.isPending} disabled={(kind === 'feature_drift' || kind === 'fairness') && name.trim() === ''}>
          Add rule
        </Button>
      </Group>
      {error && kind !== 'feature_drift' && kind !== 'fairness' && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
