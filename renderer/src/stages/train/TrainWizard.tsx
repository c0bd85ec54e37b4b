/**
 * Start a training job: dataset version, target and task (prefilled from the charter), the split, and the models —
 * baselines first: the baseline and a linear model always run, so every other model is compared with them.
 */
import { useState } from 'react';
import { Accordion, Alert, Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { TRAINED_MODEL_KINDS, type CharterVersion, type ColumnChoice, type ColumnSchema, type Dataset, type ModelTask, type NextIteration, type SplitInput, type TrainedModelKind, type TrainParams } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { errorMessage, notifySuccess } from '../../components/notify';
import { ClassImbalance, ResampleSettings, resampleInput, useClassCounts, type ResampleChoice } from './ClassImbalance';
import { ColumnChoices } from './ColumnChoices';
import { ALWAYS_TRAINED, handoverSentence, wizardStartFrom } from './nextIteration';
import { featurePreview, MODEL_HELP, taskFromCharter } from './wizardText';

interface Props {
  projectId: string;
  datasets: Dataset[];
  charter: CharterVersion | null;
  opened: boolean;
  onClose(): void;
  /** A next iteration handed over from Monitor: the wizard starts from its dataset version and settings. */
  initial?: NextIteration | null;
  /** Called when the training job has started (before onClose). */
  onStarted?(): void;
  /** Drops the handed-over iteration: the wizard starts again from its defaults. */
  onDiscardInitial?(): void;
}

type SplitKind = SplitInput['kind'];
const ALWAYS = ALWAYS_TRAINED;

export function TrainWizard({ projectId, datasets, charter, opened, onClose, initial, onStarted, onDiscardInitial }: Props) {
  const usable = datasets.filter((d) => d.latest);
  // The state starts from a handed-over iteration's values, else from the defaults (the charter's target and task).
  const preset = initial ? wizardStartFrom(initial) : null;
  const [datasetId, setDatasetId] = useState<string | null>(preset?.datasetId ?? usable[0]?.id ?? null);
  const detail = useGyreQuery('datasets.get', { projectId, dataset: datasetId ?? '' }, { enabled: opened && datasetId !== null });
  const [versionId, setVersionId] = useState<string | null>(preset?.versionId ?? null);
  const version = detail.data?.versions.find((v) => v.id === versionId) ?? detail.data?.versions[0] ?? null;
  const columns = version?.columns ?? [];
  const charterTarget = charter?.content.target.trim() ?? '';
  const [chosenTarget, setTarget] = useState<string | null>(preset?.target ?? null);
  const target = chosenTarget ?? (columns.some((c) => c.name === charterTarget) ? charterTarget : null);
  const [task, setTask] = useState<'auto' | ModelTask>(preset?.task ?? (charter ? taskFromCharter(charter.content.task) : 'auto'));
  const [splitKind, setSplitKind] = useState<SplitKind | null>(preset?.splitKind ?? null);
  const kind: SplitKind = splitKind ?? (task === 'regression' ? 'random' : 'stratified');
  const [testShare, setTestShare] = useState<number>(preset?.testShare ?? 0.2);
  const [splitColumn, setSplitColumn] = useState<string | null>(preset?.splitColumn ?? null);
  const [models, setModels] = useState<TrainedModelKind[]>(preset?.models ?? [...ALWAYS, 'gbdt']);
  const [seed, setSeed] = useState<number>(preset?.seed ?? 42);
  const [params, setParams] = useState<TrainParams>(preset?.params ?? {});
  const [hiddenText, setHiddenText] = useState(preset?.hiddenText ?? '');
  const [choices, setChoices] = useState<ColumnChoice[]>(preset?.columns ?? []);
  const [budgetMinutes, setBudgetMinutes] = useState<number | ''>('');
  const [resample, setResample] = useState<ResampleChoice>(preset?.resample ?? { method: 'none' });
  const train = useGyreMutation('runs.train');
  const classCounts = useClassCounts(opened ? (version?.id ?? null) : null, target);
  const targetType = columns.find((c) => c.name === target)?.semanticType;
  const classification = task === 'binary' || task === 'multiclass' || (task === 'auto' && (targetType === 'boolean' || targetType === 'categorical' || classCounts?.length === 2));
  const resampling = classification ? resampleInput(resample) : undefined;

  const splitColumns = columns.filter((c: ColumnSchema) => c.name !== target && (kind === 'time' ? c.semanticType === 'datetime' : ['categorical', 'identifier', 'integer', 'text'].includes(c.semanticType)));
  // Choices follow the columns of the version shown; one about the target would contradict it.
  const usedChoices = choices.filter((c) => c.column !== target && columns.some((col) => col.name === c.column));
  const dropped = new Set(usedChoices.filter((c) => c.drop).map((c) => c.column));
  const preview = target ? featurePreview(columns.filter((c) => !dropped.has(c.name)), target, kind === 'group' || kind === 'time' ? splitColumn : null) : null;
  const needsColumn = kind === 'group' || kind === 'time';
  const ready = Boolean(version && target && (!needsColumn || splitColumn) && testShare > 0 && testShare < 1);

  const split = (): SplitInput => {
    if (kind === 'group') return { kind, column: splitColumn!, testFraction: testShare };
    if (kind === 'time') return { kind, column: splitColumn!, testFraction: testShare };
    return { kind, testFraction: testShare };
  };

  const start = () => {
    const cleaned = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as TrainParams;
    train.mutate(
      { projectId, versionId: version!.id, target: target!, ...(task === 'auto' ? {} : { task }), models: TRAINED_MODEL_KINDS.filter((m) => models.includes(m)), split: split(), seed, params: cleaned, ...(usedChoices.length ? { columns: usedChoices } : {}), ...(budgetMinutes ? { budgetSeconds: budgetMinutes * 60 } : {}), ...(resampling ? { resample: resampling } : {}) },
      {
        onSuccess: () => {
          notifySuccess(`Training ${models.length} models on ${detail.data?.name} v${version!.version}: progress is shown on this page.`);
          onStarted?.();
          onClose();
        },
      },
    );
  };

  const setParam = <K extends keyof TrainParams>(key: K) => (v: TrainParams[K] | string) => setParams((p) => ({ ...p, [key]: v === '' ? undefined : v }));

  return (
    <Modal opened={opened} onClose={onClose} title="Train models" size="xl">
      <Stack gap="md">
        {initial && <HandoverNotice next={initial} onDiscard={onDiscardInitial} />}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label="Dataset" data={usable.map((d) => ({ value: d.id, label: d.name }))} value={datasetId} onChange={(v) => { setDatasetId(v); setVersionId(null); setTarget(null); }} allowDeselect={false} />
          <Select
            label="Version"
            data={(detail.data?.versions ?? []).map((v) => ({ value: v.id, label: `v${v.version} · ${v.rowCount.toLocaleString('en')} rows` }))}
            value={version?.id ?? null}
            onChange={setVersionId}
            allowDeselect={false}
            disabled={!detail.data}
          />
          <Select
            label="Target"
            description={charterTarget ? `The charter predicts “${charterTarget}”.` : 'The column to predict.'}
            data={columns.map((c) => c.name)}
            value={target}
            onChange={setTarget}
            searchable
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Task
          </Text>
          <SegmentedControl
            aria-label="Task"
            value={task}
            onChange={(v) => setTask(v as typeof task)}
            data={[
              { value: 'auto', label: 'From the target' },
              { value: 'binary', label: 'Binary' },
              { value: 'multiclass', label: 'Multiclass' },
              { value: 'regression', label: 'Regression' },
            ]}
          />
        </Stack>
        {preview && (
          <Alert variant="light" color="blue" title={`${preview.features.length} of ${columns.length - 1} columns become features${dropped.size ? ` (${dropped.size} left out by you)` : ''}`}>
            <Text size="sm">{preview.sentence}</Text>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            data-tour="split-time"
            label="Split"
            data={[
              { value: 'stratified', label: 'Stratified (keeps class shares)' },
              { value: 'random', label: 'Random' },
              { value: 'group', label: 'Group (a key stays on one side)' },
              { value: 'time', label: 'Out-of-time (test on the latest)' },
            ]}
            value={kind}
            onChange={(v) => { setSplitKind(v as SplitKind); setSplitColumn(null); }}
            allowDeselect={false}
          />
          <NumberInput label="Test share" value={testShare} onChange={(v) => setTestShare(Number(v))} min={0.05} max={0.5} step={0.05} decimalScale={2} />
          {needsColumn ? (
            <Select label={kind === 'time' ? 'Date column' : 'Group column'} data={splitColumns.map((c) => c.name)} value={splitColumn} onChange={setSplitColumn} placeholder={splitColumns.length ? 'Choose…' : 'No suitable column'} />
          ) : (
            <NumberInput label="Seed" description="Same seed, same models." value={seed} onChange={(v) => setSeed(Number(v) || 0)} min={0} allowDecimal={false} />
          )}
        </SimpleGrid>
        <Checkbox.Group label="Models" description="Baselines first: the baseline and a linear model always run, so every other model is measured against them." value={models} onChange={(v) => setModels([...new Set([...ALWAYS, ...(v as TrainedModelKind[])])])}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {TRAINED_MODEL_KINDS.map((m) => (
              <Checkbox key={m} value={m} label={MODEL_HELP[m].label} description={MODEL_HELP[m].help} disabled={ALWAYS.includes(m)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {classification && target && <ClassImbalance value={resample} onChange={setResample} target={target} counts={classCounts} testShare={testShare} />}
        <Accordion variant="contained" multiple>
          {target && (
            <Accordion.Item value="columns">
              <Accordion.Control>{usedChoices.length ? `Columns (${usedChoices.length} changed)` : 'Columns: which are features, and how each is prepared'}</Accordion.Control>
              <Accordion.Panel>
                <ColumnChoices columns={columns} target={target} value={usedChoices} onChange={setChoices} />
              </Accordion.Panel>
            </Accordion.Item>
          )}
          <Accordion.Item value="advanced">
            <Accordion.Control>Settings (defaults are sensible; change what you need)</Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <NumberInput label="Trees" description="forest, boosting" placeholder="100" value={params.trees ?? ''} onChange={setParam('trees') as (v: string | number) => void} min={1} max={5000} allowDecimal={false} />
                <NumberInput label="Max depth" description="trees" placeholder="6" value={params.depth ?? ''} onChange={setParam('depth') as (v: string | number) => void} min={1} max={32} allowDecimal={false} />
                <NumberInput label="Learning rate" description="boosting" placeholder="0.1" value={params.learningRate ?? ''} onChange={setParam('learningRate') as (v: string | number) => void} min={0.001} max={1} step={0.05} decimalScale={3} />
                <NumberInput label="Early stopping" description="boosting, rounds" placeholder="off" value={params.earlyStoppingRounds ?? ''} onChange={setParam('earlyStoppingRounds') as (v: string | number) => void} min={1} max={1000} allowDecimal={false} />
                <TextInput label="Hidden layers" description="MLP, e.g. 128,64" placeholder="100" value={hiddenText} onChange={(e) => { const text = e.currentTarget.value; setHiddenText(text); setParams((p) => ({ ...p, hidden: parseHidden(text) })); }} />
                <NumberInput label="Epochs" description="linear, MLP" placeholder="auto" value={params.epochs ?? ''} onChange={setParam('epochs') as (v: string | number) => void} min={1} max={100_000} allowDecimal={false} />
                <NumberInput label="Min rows in a leaf" description="trees" placeholder="1" value={params.minLeaf ?? ''} onChange={setParam('minLeaf') as (v: string | number) => void} min={1} allowDecimal={false} />
                <Switch mt="lg" label="Balance classes" description="weigh rare classes up" checked={params.classWeight === 'balanced'} onChange={(e) => setParams((p) => ({ ...p, classWeight: e.currentTarget.checked ? 'balanced' : undefined }))} disabled={task === 'regression'} />
                <ResampleSettings value={resample} onChange={setResample} disabled={!classification} />
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {train.error && (
          <Alert color="red" title="Training could not start">
            {errorMessage(train.error)}
          </Alert>
        )}
        <Group justify="space-between" align="flex-end">
          <Group align="flex-end" gap="md">
            <NumberInput
              label="Time budget (minutes)"
              description="No model starts after it; baselines go first"
              placeholder="none"
              value={budgetMinutes}
              onChange={(v) => setBudgetMinutes(typeof v === 'number' && v > 0 ? v : '')}
              min={0.1}
              decimalScale={1}
              w={220}
            />
            <Text size="sm" c="dimmed">
              {models.length} models · each is exported to ONNX and scored on the test rows
            </Text>
          </Group>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={start} disabled={!ready} loading={train.isPending}>
              Start training
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Where the wizard's values came from, so they read as a starting point the person can still change. */
function HandoverNotice({ next, onDiscard }: { next: NextIteration; onDiscard: (() => void) | undefined }) {
  return (
    <Alert variant="light" color="indigo" title={handoverSentence(next)} data-testid="next-iteration">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Text size="sm">
          {`The target, split, models and settings below are those ${next.production} was trained with`}
          {next.recipe ? `, and recipe “${next.recipe.name}” v${next.recipe.version} was replayed on the merged rows` : ''}. Charter v{next.charterVersion} records why
          this iteration started. Change anything before you start.
        </Text>
        {onDiscard && (
          <Button size="xs" variant="default" onClick={onDiscard} style={{ flexShrink: 0 }}>
            Start from defaults
          </Button>
        )}
      </Group>
    </Alert>
  );
}

/** "128, 64" → [128, 64]; anything unreadable leaves the default. */
function parseHidden(text: string): number[] | undefined {
  const units = text.split(',').map((u) => Number(u.trim())).filter((u) => Number.isInteger(u) && u > 0);
  return units.length ? units : undefined;
}
