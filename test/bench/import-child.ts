/** Runs the import task exactly as a worker does, in its own process, and prints seconds and peak memory as JSON. */
import { createCore } from '../../electron/core/handlers';
import { dispatch } from '../../electron/core/dispatch';
import { openWorkspace } from '../../electron/core/workspace';
import { importDataset } from '../../electron/jobs/tasks/import-dataset';
import { nodeWorkerSpawner } from '../../electron/jobs/spawn-node';

const [file, workspaceDir] = process.argv.slice(2) as [string, string];
const ws = openWorkspace(workspaceDir);
const core = createCore({ ws, host: 'cli', spawnWorker: nodeWorkerSpawner() });
const { envelope } = await dispatch(core.handlers, 'projects.create', { name: `bench ${Date.now()}` });
if (!envelope.ok) throw new Error(envelope.error.message);
const projectId = (envelope.result as { id: string }).id;
// The version's lineage points at its job: record one, as the queue would.
ws.db.prepare("INSERT INTO jobs (id, kind, project_id, status, input, created_at) VALUES ('bench', 'dataset.import', ?, 'running', '{}', ?)").run(projectId, new Date().toISOString());
await core.close();
ws.close();

const started = performance.now();
const result = await importDataset(
  { projectId, path: file, fileName: 'bench-1m.csv', datasetName: 'bench', options: {} },
  { jobId: 'bench', workspaceDir, report: () => undefined },
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, versionId: result.versionId }) + '\n');
