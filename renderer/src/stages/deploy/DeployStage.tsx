/**
 * The Deploy stage: what leaves the laptop. Each registered model version can be exported as a bundle — one folder
 * or .zip that runs with nothing but Node (or Python) and onnxruntime — and any bundle can be verified against its
 * manifest after it was carried somewhere.
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'wouter';
import type { ModelVersion, Project, StageStatus, VerifyResult } from '@contract';
import { call } from '../../api/client';
import { useGyreQuery } from '../../api/queries';
import { stagePath } from '../../app/paths';
import { formatDateTime } from '../../components/format';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { notifyError } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { ref, STAGE_COLORS } from '../evaluate/registry/registryText';
import { SHORT_MODEL_NAMES } from '../train/runText';
import { BatchPredictModal } from './BatchPredictModal';
import { TryItModal } from './TryItModal';
import { ExportBundleModal } from './ExportBundleModal';
import { ServePanel } from './ServePanel';
import { ShadowPanel } from './ShadowPanel';
import { VerifyReport } from './VerifyReport';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function DeployStage({ project, statuses }: Props) {
  const models = useGyreQuery('registry.list', { projectId: project.id });
  const [exporting, setExporting] = useState<ModelVersion | null>(null);
  const [scoring, setScoring] = useState<ModelVersion | null>(null);
  const [trying, setTrying] = useState<ModelVersion | null>(null);
  const status = statuses?.find((s) => s.stage === 'deploy');
  const versions = (models.data ?? []).flatMap((m) => m.versions).filter((v) => v.stage !== 'archived');
  return (
    <Stack gap="lg">
      <StageHeader stage="deploy" status={status} />
      <RunningJobs projectId={project.id} kind="bundle.export" label="Bundle export in progress" />
      <RunningJobs projectId={project.id} kind="model.predict" label="Batch scoring in progress" />
      {models.isPending && <LoadingState label="Loading model versions…" />}
      {models.isError && <ErrorState title="The registry could not be loaded" error={models.error} onRetry={() => void models.refetch()} />}
      {models.data && versions.length === 0 && (
        <Card withBorder padding="lg">
          <Text size="sm" maw={760}>
            A bundle is made from a registered model version. Evaluate a run and register it on the Evaluate stage; then export it here.
          </Text>
          <Button component={Link} href={stagePath(project.id, 'evaluate')} variant="light" mt="md" w="fit-content">
            Go to Evaluate
          </Button>
        </Card>
      )}
      {versions.length > 0 && (
        <Card withBorder padding={0}>
          <Title order={3} p="md" pb="xs">
            Model versions
          </Title>
          <Table aria-label="Model versions to export" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Registered</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td fw={600}>{ref(v)}</Table.Td>
                  <Table.Td>
                    <Badge color={STAGE_COLORS[v.stage]} variant="light">
                      {v.stage}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {SHORT_MODEL_NAMES[v.model]} predicting {v.target}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatDateTime(v.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setTrying(v)} data-tour="try-it">
                        Try it…
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setScoring(v)}>
                        Score a dataset…
                      </Button>
                      <Button size="xs" variant="light" onClick={() => setExporting(v)} data-tour="export-bundle">
                        Export bundle…
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <ExportedBundles projectId={project.id} />
      <ServePanel projectId={project.id} />
      {versions.length > 0 && <ShadowPanel project={project} versions={versions} />}
      <VerifyCard />
      {exporting && <ExportBundleModal project={project} version={exporting} onClose={() => setExporting(null)} />}
      {scoring && <BatchPredictModal project={project} version={scoring} onClose={() => setScoring(null)} />}
      {trying && <TryItModal project={project} version={trying} onClose={() => setTrying(null)} />}
    </Stack>
  );
}

/** The bundles exported from this project, newest first, each verifiable where it was written. */
function ExportedBundles({ projectId }: { projectId: string }) {
  const list = useGyreQuery('bundles.list', { projectId });
  const [results, setResults] = useState<Record<string, VerifyResult>>({});
  if (!list.data || list.data.length === 0) return null;
  const verify = (id: string, path: string) => call('bundles.verify', { path }).then((r) => setResults((m) => ({ ...m, [id]: r })), (e: unknown) => notifyError(e, 'Could not verify the bundle'));
  return (
    <Card withBorder padding={0}>
      <Title order={3} p="md" pb="xs">
        Exported bundles
      </Title>
      <Table aria-label="Exported bundles" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Where</Table.Th>
            <Table.Th>Files</Table.Th>
            <Table.Th>Exported</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td fw={600}>{b.ref}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {b.path}
                </Text>
                {results[b.id] && <VerifyReport result={results[b.id]!} />}
              </Table.Td>
              <Table.Td>
                {b.files} · {(b.bytes / 1e6).toFixed(2)} MB · {b.format}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{formatDateTime(b.createdAt)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Button size="xs" variant="default" onClick={() => void verify(b.id, b.path)}>
                  Verify
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Checks a bundle folder or .zip on this machine against its MANIFEST.json: what arrived is what left. */
function VerifyCard() {
  const [path, setPath] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = () => {
    setBusy(true);
    call('bundles.verify', { path })
      .then(setResult, (e: unknown) => notifyError(e, 'Could not verify the bundle'))
      .finally(() => setBusy(false));
  };
  return (
    <Card withBorder padding="lg" component="section" aria-label="Verify a bundle">
      <Stack gap="sm">
        <Title order={3}>Verify a bundle</Title>
        <Text size="sm" c="dimmed" maw={760}>
          After a bundle has been copied across an air gap, check that every file is the one that left: each file’s SHA-256 is compared with its
          MANIFEST.json. One changed byte fails. (<code>gyre verify BUNDLE</code> does the same from a terminal.)
        </Text>
        <Group align="flex-end">
          <TextInput label="Bundle folder or .zip" placeholder="/media/usb/churn-2.zip" value={path} onChange={(e) => setPath(e.currentTarget.value)} w={480} />
          <Button onClick={verify} loading={busy} disabled={path.trim() === ''}>
            Verify
          </Button>
        </Group>
        {result && <VerifyReport result={result} />}
      </Stack>
    </Card>
  );
}
