/**
 * Which model version the Monitor stage watches: production versions first, the production one chosen at first;
 * when none is in production the page says how to get there and still lets any registered version be watched.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Card, Group, Select, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import type { ModelStage, ModelVersion } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { stagePath } from '../../app/paths';
import { ref, STAGE_COLORS } from '../evaluate/registry/registryText';
import { SHORT_MODEL_NAMES } from '../train/runText';

const ORDER: Record<ModelStage, number> = { production: 0, staging: 1, candidate: 2, archived: 3 };

/** Every registered version, production first, then by stage, then newest first. */
export function useMonitoredVersion(projectId: string) {
  const models = useGyreQuery('registry.list', { projectId });
  const versions = (models.data ?? []).flatMap((m) => m.versions).sort((a, b) => ORDER[a.stage] - ORDER[b.stage] || a.name.localeCompare(b.name) || b.version - a.version);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const chosen = versions.find((v) => v.id === chosenId) ?? (versions[0]?.stage === 'production' ? versions[0] : null);
  return { models, versions, chosen, choose: setChosenId, hasProduction: versions.some((v) => v.stage === 'production') };
}

interface Props {
  projectId: string;
  versions: ModelVersion[];
  chosen: ModelVersion | null;
  hasProduction: boolean;
  onChoose(id: string): void;
}

export function VersionPicker({ projectId, versions, chosen, hasProduction, onChoose }: Props) {
  const evaluate = (
    <Anchor component={Link} href={stagePath(projectId, 'evaluate')}>
      the Evaluate stage
    </Anchor>
  );
  if (versions.length === 0) {
    return (
      <Card withBorder padding="lg" data-testid="monitor-empty">
        <Text size="sm" maw={760}>
          Monitoring compares production data with the rows a model version was trained on. No model version is registered yet: train a model, then
          register and promote it on {evaluate}.
        </Text>
      </Card>
    );
  }
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        {!hasProduction && (
          <Alert color="blue" variant="light" title="No model version is in production" data-testid="monitor-no-production">
            <Text size="sm">
              Monitoring usually watches the version that serves predictions. Promote a version to production on {evaluate} (its success gate must
              pass, or you override it with a reason). Meanwhile you can watch any registered version: choose one below.
            </Text>
          </Alert>
        )}
        <Group align="flex-end" gap="md" wrap="wrap">
          <Select
            label="Model version watched"
            placeholder="Choose a version"
            data={versions.map((v) => ({ value: v.id, label: `${ref(v)} · ${v.stage}` }))}
            value={chosen?.id ?? null}
            onChange={(v) => v && onChoose(v)}
            allowDeselect={false}
            w={320}
          />
          {chosen && (
            <Group gap="xs" pb={6}>
              <Badge color={STAGE_COLORS[chosen.stage]} variant="light">
                {chosen.stage}
              </Badge>
              <Text size="sm">
                {SHORT_MODEL_NAMES[chosen.model]} predicting <b>{chosen.target}</b>, trained on {chosen.dataset.name} v{chosen.dataset.version}
              </Text>
            </Group>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
