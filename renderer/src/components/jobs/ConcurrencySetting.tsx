/** How many jobs run at once: a workspace setting, shown with the machine's cores so the choice is informed. */
import { NumberInput, Text } from '@mantine/core';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError } from '../notify';

export function ConcurrencySetting() {
  const settings = useGyreQuery('jobs.settings', {});
  const configure = useGyreMutation('jobs.configure');
  if (!settings.data) return null;
  const s = settings.data;
  const fromEnvironment = s.source === 'environment';
  return (
    <NumberInput
      label="Jobs at once"
      description={
        fromEnvironment
          ? `Set to ${s.concurrency} by GYRE_JOB_CONCURRENCY for this session.`
          : `Each job runs in its own process. This machine has ${s.cores} cores; the default, ${s.defaultConcurrency}, keeps one free for the window.`
      }
      value={s.concurrency}
      min={1}
      max={32}
      allowDecimal={false}
      disabled={fromEnvironment || configure.isPending}
      onChange={(v) => {
        if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 32 && v !== s.concurrency) {
          configure.mutate({ concurrency: v }, { onError: (e) => notifyError(e, 'The setting was not saved') });
        }
      }}
      w={260}
    />
  );
}

export function ConcurrencyHint() {
  return (
    <Text size="xs" c="dimmed">
      More jobs at once finish a queue sooner but each runs slower and together they use more memory.
    </Text>
  );
}
