/** Where onnxruntime trains linear models and MLPs and scores exported files: a workspace setting. */
import { Select } from '@mantine/core';
import type { ProviderChoice } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError } from '../notify';

const LABELS: Record<ProviderChoice, string> = {
  auto: 'Automatic (CUDA when installed, else CPU)',
  cpu: 'CPU',
  cuda: 'CUDA (NVIDIA GPU)',
  webgpu: 'WebGPU (any GPU)',
};

export function ComputeSetting() {
  const settings = useGyreQuery('runs.computeSettings', {});
  const configure = useGyreMutation('runs.configureCompute');
  if (!settings.data) return null;
  const s = settings.data;
  const chosen = s.providers.find((p) => p.name === s.provider);
  const data = (Object.keys(LABELS) as ProviderChoice[]).map((value) => {
    const provider = s.providers.find((p) => p.name === value);
    return { value, label: provider && !provider.present ? `${LABELS[value]} — not installed` : LABELS[value], disabled: provider ? !provider.present : false };
  });
  return (
    <Select
      label="Train and score on"
      description={`${chosen ? chosen.note : 'A provider that cannot start on this machine falls back to the CPU; each run records where it ran and why.'} Trees always train on the CPU cores.`}
      data={data}
      value={s.provider}
      allowDeselect={false}
      disabled={configure.isPending}
      onChange={(v) => {
        if (v && v !== s.provider) configure.mutate({ provider: v as ProviderChoice }, { onError: (e) => notifyError(e, 'The setting was not saved') });
      }}
      w={320}
    />
  );
}
