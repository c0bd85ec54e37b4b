/** A computed profile, top to bottom: overview, alerts, the target (when chosen), columns, correlations and missing values. */
import { Stack, Text } from '@mantine/core';
import type { Profile } from '@contract';
import { fixFor, handOver, prepareHref } from './alertFixes';
import { AlertsPanel } from './AlertsPanel';
import { ColumnsSection } from './ColumnsSection';
import { CorrelationsSection } from './CorrelationsSection';
import { MissingnessSection } from './MissingnessSection';
import { OverviewCards } from './OverviewCards';
import { TargetSection } from './TargetSection';

export function ProfileReport({ profile, projectId }: { profile: Profile; projectId: string }) {
  return (
    <Stack gap="lg">
      <OverviewCards profile={profile} />
      <AlertsPanel alerts={profile.alerts} fix={(a) => {
        const f = fixFor(a, profile.columns);
        return f ? { label: f.label, href: prepareHref(projectId), take: () => handOver(projectId, profile.versionId, f.step) } : null;
      }} />
      {profile.target ? (
        <TargetSection target={profile.target} />
      ) : (
        <Text size="sm" c="dimmed">
          Choose a target column above to see its class balance or distribution, how each column relates to it, and leakage and
          imbalance alerts.
        </Text>
      )}
      <ColumnsSection profile={profile} />
      <CorrelationsSection profile={profile} />
      <MissingnessSection profile={profile} />
    </Stack>
  );
}
