/**
 * The workspace's compute setting: which onnxruntime execution provider trains linear models and MLPs and scores
 * exported files. Saved in the settings table; what each provider needs is reported so the choice is informed.
 */
import type { Database } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { PROVIDER_CHOICES, type ComputeSettings, type ProviderChoice } from '../contract/runs';
import { cudaInstalled } from '../jobs/onnx-providers';

const SETTING = 'compute.provider';

export class ComputeSettingsStore {
  constructor(private readonly db: Database) {}

  /** The saved choice, or 'auto'. */
  provider(): ProviderChoice {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING) as { value: string } | undefined;
    return row && (PROVIDER_CHOICES as readonly string[]).includes(row.value) ? (row.value as ProviderChoice) : 'auto';
  }

  get(): ComputeSettings {
    const saved = this.db.prepare('SELECT 1 FROM settings WHERE key = ?').get(SETTING) !== undefined;
    return { provider: this.provider(), source: saved ? 'setting' : 'default', providers: providersPresent() };
  }

  set(provider: ProviderChoice): ComputeSettings {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SETTING, provider);
    return this.get();
  }
}

/**
 * Which providers this onnxruntime-node build carries, asked of its native binding once per process (loading it
 * is cheap, and it is the only source that knows). Present is not the same as working: a provider that fails to
 * start on this machine (no GPU, no driver) falls back to the CPU when a job runs, and the run says why.
 */
let present: ComputeSettings['providers'] | null = null;

function providersPresent(): ComputeSettings['providers'] {
  if (present) return present;
  const ort = createRequire(import.meta.url)('onnxruntime-node') as { listSupportedBackends(): { name: string; bundled: boolean }[] };
  const built = new Map(ort.listSupportedBackends().map((b) => [b.name, b]));
  const cuda = built.has('cuda') && cudaInstalled();
  present = [
    { name: 'cpu', present: true, note: 'Always there: every core of this machine.' },
    {
      name: 'cuda',
      present: cuda,
      note: cuda ? 'Installed; needs an NVIDIA GPU with CUDA 12 and cuDNN 9 drivers.' : 'Not installed: ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node adds it (NVIDIA GPU, CUDA 12).',
    },
    {
      name: 'webgpu',
      present: built.has('webgpu'),
      note: built.has('webgpu') ? 'Bundled; needs a GPU with Vulkan, Metal or Direct3D 12 drivers. Tree models always score on the CPU part of the graph.' : 'Not in this build of onnxruntime.',
    },
  ];
  return present;
}
