/** Charter section 4: interpretability, fairness limits, privacy, risks and when to retrain. */
import type { ReactNode } from 'react';
import { ActionIcon, Button, Group, NumberInput, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { patchRow, rowKey, type RiskDraft, type SensitiveAttributeDraft } from '../draft';
import type { SectionProps } from './types';

export function ConstraintsSection({ draft, update, errors }: SectionProps) {
  const setAttr = (key: string, patch: Partial<SensitiveAttributeDraft>) =>
    update((d) => ({ ...d, sensitiveAttributes: patchRow(d.sensitiveAttributes, key, patch) }));
  const setRisk = (key: string, patch: Partial<RiskDraft>) => update((d) => ({ ...d, risks: patchRow(d.risks, key, patch) }));
  const err = (path: string) => errors[`constraints.${path}`];

  return (
    <Stack gap="lg">
      <Switch
        label="Interpretability required"
        description="Reviewers or regulation need to understand each prediction; favour models that can be explained."
        checked={draft.interpretabilityRequired}
        onChange={(e) => {
          const interpretabilityRequired = e.currentTarget.checked;
          update((d) => ({ ...d, interpretabilityRequired }));
        }}
      />

      <RowList
        title="Sensitive attributes"
        hint="Columns or concepts (age, gender, region…) whose groups must be treated alike. The largest allowed disparity is a fraction from 0 to 1: 0.1 allows a 10-point gap between groups."
        addLabel="Add sensitive attribute"
        onAdd={() => update((d) => ({ ...d, sensitiveAttributes: [...d.sensitiveAttributes, { key: rowKey(), name: '', maxDisparity: 0.1 }] }))}
      >
        {draft.sensitiveAttributes.map((row, i) => (
          <Group key={row.key} align="flex-start" wrap="nowrap" gap="sm">
            <TextInput
              label="Attribute"
              aria-label={`Sensitive attribute name ${i + 1}`}
              placeholder="e.g. age_band"
              style={{ flex: 2 }}
              value={row.name}
              error={err(`sensitiveAttributes.${i}.name`)}
              onChange={(e) => setAttr(row.key, { name: e.currentTarget.value })}
            />
            <NumberInput
              label="Largest allowed disparity"
              aria-label={`Largest allowed disparity ${i + 1}`}
              style={{ flex: 1 }}
              step={0.01}
              decimalScale={4}
              value={row.maxDisparity}
              error={err(`sensitiveAttributes.${i}.maxDisparity`)}
              onChange={(v) => setAttr(row.key, { maxDisparity: v })}
            />
            <RemoveButton
              label={`Remove sensitive attribute ${i + 1}`}
              onClick={() => update((d) => ({ ...d, sensitiveAttributes: d.sensitiveAttributes.filter((s) => s.key !== row.key) }))}
            />
          </Group>
        ))}
      </RowList>

      <Textarea
        label="Privacy / compliance notes"
        description="Personal data involved, consent, retention, rules that apply."
        autosize
        minRows={2}
        value={draft.privacyNotes}
        error={err('privacyNotes')}
        onChange={(e) => {
          const privacyNotes = e.currentTarget.value;
          update((d) => ({ ...d, privacyNotes }));
        }}
      />

      <RowList
        title="Risks"
        hint="What could go wrong if the model is wrong, and how the team limits the damage."
        addLabel="Add risk"
        onAdd={() => update((d) => ({ ...d, risks: [...d.risks, { key: rowKey(), risk: '', mitigation: '' }] }))}
      >
        {draft.risks.map((row, i) => (
          <Group key={row.key} align="flex-start" wrap="nowrap" gap="sm">
            <TextInput
              label="Risk"
              aria-label={`Risk description ${i + 1}`}
              style={{ flex: 1 }}
              value={row.risk}
              error={err(`risks.${i}.risk`)}
              onChange={(e) => setRisk(row.key, { risk: e.currentTarget.value })}
            />
            <TextInput
              label="Mitigation"
              aria-label={`Mitigation ${i + 1}`}
              style={{ flex: 1 }}
              value={row.mitigation}
              error={err(`risks.${i}.mitigation`)}
              onChange={(e) => setRisk(row.key, { mitigation: e.currentTarget.value })}
            />
            <RemoveButton label={`Remove risk ${i + 1}`} onClick={() => update((d) => ({ ...d, risks: d.risks.filter((r) => r.key !== row.key) }))} />
          </Group>
        ))}
      </RowList>

      <TextInput
        label="Retraining trigger"
        description="The condition that means the model must be retrained; Monitor watches for it."
        placeholder="e.g. retrain when F1 drops below 0.75 or drift score > 0.2"
        value={draft.retrainingTrigger}
        error={err('retrainingTrigger')}
        onChange={(e) => {
          const retrainingTrigger = e.currentTarget.value;
          update((d) => ({ ...d, retrainingTrigger }));
        }}
      />
    </Stack>
  );
}

function RowList({ title, hint, addLabel, onAdd, children }: { title: string; hint: string; addLabel: string; onAdd(): void; children: ReactNode[] }) {
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        {title}
      </Text>
      <Text size="sm" c="dimmed">
        {hint}
      </Text>
      {children}
      <Group>
        <Button variant="light" size="xs" onClick={onAdd}>
          {addLabel}
        </Button>
      </Group>
    </Stack>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <ActionIcon variant="subtle" color="gray" mt={28} size="lg" aria-label={label} onClick={onClick}>
      ✕
    </ActionIcon>
  );
}
