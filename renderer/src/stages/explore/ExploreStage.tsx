/** The Explore stage: pick a dataset version (and a target column), compute its profile as a job, and read it. */
import { Stack } from '@mantine/core';
import type { Dataset, DatasetVersion, Project, StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { EmptyExplore } from './EmptyExplore';
import { ProfilePickers } from './ProfilePickers';
import { ProfileReport } from './ProfileReport';
import { ProfileStatus } from './ProfileStatus';
import { useExploreSelection } from './useExploreSelection';
import { useProfileJob } from './useProfileJob';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function ExploreStage({ project, statuses }: Props) {
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const status = statuses?.find((s) => s.stage === 'explore');
  return (
    <Stack gap="lg">
      <StageHeader stage="explore" status={status?.available === false ? undefined : status} />
      {datasets.isPending && <LoadingState label="Loading datasets…" />}
      {datasets.isError && <ErrorState title="Datasets could not be loaded" error={datasets.error} onRetry={() => void datasets.refetch()} />}
      {datasets.data?.length === 0 && <EmptyExplore projectId={project.id} />}
      {datasets.data && datasets.data.length > 0 && <ExploreDatasets project={project} datasets={datasets.data} />}
    </Stack>
  );
}

function ExploreDatasets({ project, datasets }: { project: Project; datasets: Dataset[] }) {
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const selection = useExploreSelection(project.id, datasets, charter.data?.content.target.trim() || undefined);
  const { dataset, detail, version, target, settled } = selection;
  return (
    <Stack gap="lg">
      <ProfilePickers projectId={project.id} datasets={datasets} selection={selection} />
      {detail.isPending && <LoadingState label="Loading the dataset…" />}
      {detail.isError && <ErrorState title="This dataset could not be opened" error={detail.error} onRetry={() => void detail.refetch()} />}
      {/* The default target waits for the charter and the version's profiles, or the page would open on another. */}
      {dataset && version && !charter.isPending && settled && <VersionProfile key={`${version.id}:${target}`} projectId={project.id} datasetName={dataset.name} version={version} target={target} />}
    </Stack>
  );
}

interface VersionProfileProps {
  projectId: string;
  datasetName: string;
  version: DatasetVersion;
  target: string;
}

function VersionProfile({ projectId, datasetName, version, target }: VersionProfileProps) {
  const profile = useGyreQuery('profiles.get', { versionId: version.id, ...(target ? { target } : {}) });
  const job = useProfileJob(projectId, version.id, target);
  if (profile.isPending) return <LoadingState label="Loading the profile…" />;
  if (profile.isError) return <ErrorState title="The profile could not be loaded" error={profile.error} onRetry={() => void profile.refetch()} />;
  if (!profile.data) return <ProfileStatus datasetName={datasetName} version={version} target={target} job={job} />;
  return <ProfileReport profile={profile.data} projectId={projectId} />;
}
