/**
 * Recipes: ordered steps from a dataset version to a new one. Steps are added, edited, reordered and removed with
 * undo/redo; the selected step is previewed on a sample as you edit; saving makes a recipe version; applying runs it on
 * every row as a job.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Grid, Group, Select, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { RECIPE_OP_LABELS, RecipeStep, type Project } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { useAllVersions } from './useAllVersions';
import { notifyError, notifySuccess } from '../../../components/notify';
import { LoadingState } from '../../../components/QueryState';
import { takeHandedStep } from '../../explore/alertFixes';
import { RunningJobs } from '../../../components/jobs/RunningJobs';
import { ApplyRecipeModal } from './ApplyRecipeModal';
import { RecipeHistory } from './RecipeHistory';
import { newStep } from './stepDefaults';
import { StepEditor } from './StepEditor';
import { StepList } from './StepList';
import { StepPreview } from './StepPreview';
import { useRecipeDraft } from './useRecipeDraft';

/** A step an Explore alert handed over ("Fix in Prepare"), validated like any step. */
function handedStep(projectId: string): { step: RecipeStep; versionId: string | null } | null {
  const handed = takeHandedStep(projectId);
  const parsed = handed ? RecipeStep.safeParse(handed.step) : null;
  return parsed?.success ? { step: parsed.data, versionId: handed!.versionId } : null;
}

export function RecipesTab({ project }: { project: Project }) {
  const { draft, edit, view, undo, redo, reset, canUndo, canRedo } = useRecipeDraft(project.id);
  const { options: versions, groups, pending } = useAllVersions(project.id);
  const recipes = useGyreQuery('recipes.list', { projectId: project.id });
  const save = useGyreMutation('recipes.save');
  const [applying, setApplying] = useState(false);

  const versionId = versions.some((v) => v.value === draft.versionId) ? draft.versionId : (versions[0]?.value ?? null);
  const input = versions.find((v) => v.value === versionId) ?? null;
  const saved = recipes.data?.find((r) => r.name.toLowerCase() === draft.name.trim().toLowerCase());
  const dirty = !saved || saved.latest.version !== draft.baseVersion || JSON.stringify(saved.latest.steps) !== JSON.stringify(draft.steps);

  // A step from an Explore alert: appended once to the draft; undo takes it back.
  useEffect(() => {
    const handed = handedStep(project.id);
    if (handed) edit((d) => ({ ...d, steps: [...d.steps, handed.step], selected: d.steps.length, ...(handed.versionId ? { versionId: handed.versionId } : {}) }));
  }, [project.id, edit]);

  useHotkeys([
    ['mod+z', undo],
    ['mod+shift+z', redo],
    ['mod+y', redo],
  ]);

  const selected = draft.selected !== null && draft.selected < draft.steps.length ? draft.selected : draft.steps.length ? draft.steps.length - 1 : null;
  const [previewInput] = useDebouncedValue(useMemo(() => ({ versionId: versionId ?? '', steps: draft.steps, upTo: selected ?? 0 }), [versionId, draft.steps, selected]), 250);
  const preview = useGyreQuery('recipes.preview', previewInput, { enabled: previewInput.versionId !== '' && previewInput.steps.length > 0, placeholderData: (prev) => prev, staleTime: 60_000 });
  const current = selected !== null ? draft.steps[selected] : undefined;
  const columns = preview.data?.inputColumns ?? [];

  const setSteps = (steps: RecipeStep[], selectedIndex: number | null) => edit((d) => ({ ...d, steps, selected: selectedIndex }));
  const onSave = (then?: () => void) =>
    save.mutate(
      { projectId: project.id, name: draft.name.trim(), steps: draft.steps, expectedVersion: draft.baseVersion, ...(versionId ? { draftedOnVersionId: versionId } : {}) },
      {
        onSuccess: (v) => {
          view((d) => ({ ...d, baseVersion: v.version }));
          notifySuccess(`Saved “${draft.name.trim()}” as version ${v.version}`);
          then?.();
        },
        onError: (e) => notifyError(e, 'The recipe was not saved'),
      },
    );
  const open = (name: string | null) => {
    const r = recipes.data?.find((x) => x.name === name);
    if (r) reset({ name: r.name, steps: r.latest.steps, baseVersion: r.latest.version, selected: 0 });
    else reset({});
  };

  if (pending || recipes.isPending) return <LoadingState label="Loading recipes…" />;
  if (versions.length === 0) {
    return (
      <Text size="sm" maw={760}>
        A recipe turns a dataset version into a new one. Import a dataset on the Data stage first.
      </Text>
    );
  }
  return (
    <Stack gap="md">
      <RunningJobs projectId={project.id} kind="recipe.apply" label="Recipe running" />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label="Recipe" data={[{ value: '', label: 'New recipe' }, ...(recipes.data ?? []).map((r) => ({ value: r.name, label: `${r.name} (v${r.latest.version})` }))]} value={saved && !dirty ? saved.name : null} placeholder={draft.name ? `${draft.name} (edited)` : 'New recipe'} onChange={(v) => open(v || null)} w={220} />
        <TextInput label="Name" value={draft.name} onChange={(e) => edit((d) => ({ ...d, name: e.currentTarget.value }))} placeholder="e.g. clean-customers" w={200} />
        <Select label="Preview on" data={groups} value={versionId} onChange={(v) => v && view((d) => ({ ...d, versionId: v }))} allowDeselect={false} searchable w={240} />
        <Group gap="xs">
          <Tooltip label="Undo (Ctrl+Z)">
            <Button variant="default" onClick={undo} disabled={!canUndo}>
              Undo
            </Button>
          </Tooltip>
          <Tooltip label="Redo (Ctrl+Shift+Z)">
            <Button variant="default" onClick={redo} disabled={!canRedo}>
              Redo
            </Button>
          </Tooltip>
          <Button variant="default" onClick={() => onSave()} loading={save.isPending} disabled={!draft.name.trim() || draft.steps.length === 0 || !dirty}>
            {dirty ? `Save${saved ? ` as v${saved.latest.version + 1}` : ''}` : `Saved (v${saved.latest.version})`}
          </Button>
          <Button data-tour="apply-recipe" onClick={() => (dirty ? onSave(() => setApplying(true)) : setApplying(true))} disabled={!draft.name.trim() || draft.steps.length === 0 || !input}>
            {dirty ? 'Save and apply…' : 'Apply…'}
          </Button>
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="sm">
            <Title order={4} mb="xs">
              Steps
            </Title>
            <StepList
              steps={draft.steps}
              selected={selected}
              preview={preview.data}
              onSelect={(i) => view((d) => ({ ...d, selected: i }))}
              onMove={(i, by) => {
                const steps = [...draft.steps];
                [steps[i], steps[i + by]] = [steps[i + by]!, steps[i]!];
                setSteps(steps, i + by);
              }}
              onRemove={(i) => setSteps(draft.steps.filter((_, j) => j !== i), draft.steps.length > 1 ? Math.max(0, i - 1) : null)}
              onAdd={(op) => setSteps([...draft.steps, newStep(op, draft.steps.length === 0 ? (input?.columns ?? []) : preview.data && selected === draft.steps.length - 1 ? preview.data.columns : columns)], draft.steps.length)}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder padding="md">
            {current && selected !== null ? (
              <Stack gap="md">
                <Title order={4}>
                  Step {selected + 1}: {RECIPE_OP_LABELS[current.op]}
                </Title>
                <StepEditor step={current} columns={columns} datasets={groups} onChange={(s) => setSteps(draft.steps.map((x, i) => (i === selected ? s : x)), selected)} />
                {preview.isError && <Text c="red" size="sm">{preview.error.message}</Text>}
                {preview.data && <StepPreview preview={preview.data} index={selected} />}
                {preview.isFetching && !preview.data && <LoadingState label="Running the preview…" />}
              </Stack>
            ) : (
              <Text size="sm" maw={640}>
                Add a first step. Each step is previewed on a sample of {input?.label ?? 'the version'} as you edit it: the rows and columns it
                affects, what it learned from the data, and each touched column before and after.
              </Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      {saved && <RecipeHistory project={project} recipe={saved.name} />}
      {applying && saved && input && (
        <ApplyRecipeModal project={project} recipe={{ name: saved.name, version: saved.latest.version, steps: saved.latest.steps }} input={{ versionId: input.value, label: input.label, datasetName: input.datasetName }} onClose={() => setApplying(false)} />
      )}
    </Stack>
  );
}
