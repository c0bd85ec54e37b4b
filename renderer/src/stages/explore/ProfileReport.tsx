/** A computed profile, top to bottom: overview, alerts, the target (when chosen), columns, correlations and missing values. */
import { Stack, Text } from '@mantine/core';
import type { Profile } from '@contract';
import { AlertsPanel } from './AlertsPanel';
import { ColumnsSection } from './ColumnsSection';
import { CorrelationsSection } from './CorrelationsSection';
import { MissingnessSection } from './MissingnessSection';
import { OverviewCards } from './OverviewCards';
import { TargetSection } from './TargetSection';

export function ProfileReport({ profile }: { profile: Profile }) {
  return (
    <Stack gap="lg">
      <OverviewCards profile={profile} />
      <AlertsPanel alerts={profile.alerts} />
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
