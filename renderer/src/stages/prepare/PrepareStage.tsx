/**
 * The Prepare stage: turn a raw dataset version into a training-ready one, reproducibly — recipes of cleaning and
 * feature steps, labeling with active learning, and synthetic data for privacy. (Resampling for imbalance is chosen
 * in the Train wizard, because it must touch the training split only.)
 */
import { Stack, Tabs } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import type { Project, StageStatus } from '@contract';
import { StageHeader } from '../../components/StageHeader';
import { PREPARE_TAB_KEY } from '../explore/alertFixes';
import { LabelingTab } from './labeling/LabelingTab';
import { RecipesTab } from './recipes/RecipesTab';
import { SyntheticTab } from './synthetic/SyntheticTab';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function PrepareStage({ project, statuses }: Props) {
  const status = statuses?.find((s) => s.stage === 'prepare');
  // The tab last used comes back (a fix handed over from Explore switches it to Recipes, see alertFixes.ts).
  const [tab, setTab] = useLocalStorage<string>({ key: PREPARE_TAB_KEY, defaultValue: 'recipes', getInitialValueInEffect: false });
  return (
    <Stack gap="lg">
      <StageHeader stage="prepare" status={status} />
      <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="recipes">Recipes</Tabs.Tab>
          <Tabs.Tab value="labeling">Labeling</Tabs.Tab>
          <Tabs.Tab value="synthetic">Synthetic data</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="recipes" pt="md">
          <RecipesTab project={project} />
        </Tabs.Panel>
        <Tabs.Panel value="labeling" pt="md">
          <LabelingTab project={project} />
        </Tabs.Panel>
        <Tabs.Panel value="synthetic" pt="md">
          <SyntheticTab project={project} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
