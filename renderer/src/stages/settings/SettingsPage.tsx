/** Settings: what Gyre connects to (nothing outside this computer) and where it computes. */
import { Stack, Text, Title } from '@mantine/core';
import { ComputeSetting } from '../../components/jobs/ComputeSetting';
import { Section } from '../../components/Section';
import { NetworkSection } from './NetworkSection';

export function SettingsPage() {
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1} size="h2">
          Settings
        </Title>
        <Text c="dimmed" size="sm">
          How Gyre behaves on this computer. These hold for every project in the workspace.
        </Text>
      </Stack>
      <NetworkSection />
      <Section title="Compute" description="Where onnxruntime trains linear models and MLPs and scores exported files. The desktop app, the browser studio and the gyre command share it.">
        <ComputeSetting />
      </Section>
    </Stack>
  );
}
