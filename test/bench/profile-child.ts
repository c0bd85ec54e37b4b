/** Profiles one version exactly as the profile job's worker does, in its own process; prints seconds and peak memory. */
import { profileDataset } from '../../electron/jobs/tasks/profile-dataset';
import { openWorkspace } from '../../electron/core/workspace';

const [workspaceDir, versionId] = process.argv.slice(2) as [string, string];
const ws = openWorkspace(workspaceDir);
ws.db.prepare("INSERT INTO jobs (id, kind, status, input, created_at) VALUES ('bench-profile', 'dataset.profile', 'running', '{}', ?)").run(new Date().toISOString());
ws.close();
const started = performance.now();
await profileDataset({ versionId, datasetName: 'bench', version: 1 }, { jobId: 'bench-profile', workspaceDir, report: () => undefined });
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
