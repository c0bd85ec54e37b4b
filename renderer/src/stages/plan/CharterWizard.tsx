/** The first charter, written step by step; each step is checked with the contract's schema before Next. */
import { useEffect, useState } from 'react';
import { Button, Card, Group, Stack, Stepper, Text } from '@mantine/core';
import type { Project } from '@contract';
import { invalidateEntities } from '../../api/queries';
import { ConflictAlert } from './ConflictAlert';
import { emptyDraft, type CharterDraft, type DraftUpdate } from './draft';
import { ConstraintsSection } from './sections/ConstraintsSection';
import { FramingSection } from './sections/FramingSection';
import { ProblemSection } from './sections/ProblemSection';
import { ReviewSection } from './sections/ReviewSection';
import { SuccessSection } from './sections/SuccessSection';
import type { SectionProps } from './sections/types';
import { useCharterSave } from './useCharterSave';
import { CHARTER_STEPS, errorsIn, stepOfField, validateDraft, type FieldErrors } from './validation';

const LAST = CHARTER_STEPS.length - 1;

/** Unsaved wizard progress, kept while the app runs so visiting another stage loses nothing. */
const progress = new Map<string, { draft: CharterDraft; step: number; attempted: number[] }>();

export function CharterWizard({ project }: { project: Project }) {
  const saved = progress.get(project.id);
  const [draft, setDraft] = useState<CharterDraft>(() => saved?.draft ?? emptyDraft());
  const [step, setStep] = useState(saved?.step ?? 0);
  const [attempted, setAttempted] = useState<number[]>(saved?.attempted ?? []);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const { save, saving, conflict } = useCharterSave(project.id);

  useEffect(() => {
    progress.set(project.id, { draft, step, attempted });
  }, [project.id, draft, step, attempted]);

  const update: DraftUpdate = (fn) => {
    setDraft(fn);
    setServerErrors({});
  };

  // Errors show once the user has tried to leave a step (or save), and then follow every edit.
  const all = validateDraft(draft);
  const errors: FieldErrors = { ...serverErrors };
  for (const s of attempted) Object.assign(errors, errorsIn(all, CHARTER_STEPS[s]?.fields ?? []));

  const next = () => {
    setAttempted((a) => (a.includes(step) ? a : [...a, step]));
    if (Object.keys(errorsIn(all, CHARTER_STEPS[step]?.fields ?? [])).length === 0) setStep((s) => Math.min(s + 1, LAST));
  };

  const submit = () => {
    setAttempted(CHARTER_STEPS.map((_, i) => i));
    save({
      draft,
      basedOnVersion: null,
      note: 'First version',
      onSaved: () => progress.delete(project.id),
      onFieldErrors: (e) => {
        setServerErrors(e);
        const first = Object.keys(e)[0];
        if (first !== undefined) setStep(stepOfField(first));
      },
    });
  };

  const props: SectionProps = { draft, update, errors };
  return (
    <Card withBorder padding="lg" data-tour="charter-wizard">
      <Stack gap="lg">
        <Text size="sm" c="dimmed">
          This project has no charter yet. Five short steps; only the problem, the task and one success criterion are required. You can
          change everything later: each save makes a new version.
        </Text>
        {conflict && <ConflictAlert error={conflict} hasEdits onReload={() => void invalidateEntities(['charters'])} />}
        <Stepper active={step} onStepClick={setStep} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label={CHARTER_STEPS[0].label}>
            <ProblemSection {...props} />
          </Stepper.Step>
          <Stepper.Step label={CHARTER_STEPS[1].label}>
            <FramingSection {...props} />
          </Stepper.Step>
          <Stepper.Step label={CHARTER_STEPS[2].label}>
            <SuccessSection {...props} />
          </Stepper.Step>
          <Stepper.Step label={CHARTER_STEPS[3].label}>
            <ConstraintsSection {...props} />
          </Stepper.Step>
          <Stepper.Step label={CHARTER_STEPS[4].label}>
            <ReviewSection draft={draft} errors={attempted.includes(LAST) ? { ...all, ...serverErrors } : {}} onEdit={setStep} />
          </Stepper.Step>
        </Stepper>
        <Group justify="space-between">
          <Button variant="default" onClick={() => setStep((s) => Math.max(s - 1, 0))} disabled={step === 0}>
            Back
          </Button>
          {step < LAST ? (
            <Button onClick={next}>Next</Button>
          ) : (
            <Button onClick={submit} loading={saving}>
              Save charter
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
