/**
 * `npm run bench`: import of a 1M-row × 21-column CSV against pandas.read_csv on the same file, in the same run,
 * plus the worker's peak memory and the data grid's page latency. Prints each figure next to its goal.
 * Import and profile run in the built worker bundle, exactly as the desktop app runs them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportResult } from '../../electron/contract/datasets';
import { DatasetService } from '../../electron/core/datasets';
import { ProjectService } from '../../electron/core/projects';
import { openWorkspace } from '../../electron/core/workspace';
import { RowReader } from '../../electron/data/rows';
import { runInWorker, WORKER_BUNDLE, type WorkerRun } from './worker-run';

const here = fileURLToPath(new URL('.', import.meta.url));
const csv = join(here, '.data', 'bench-1m.csv');
const RUNS = Number(process.env.GYRE_BENCH_RUNS ?? 3);

if (!existsSync(csv)) execFileSync(process.execPath, [join(here, 'generate.mjs'), csv], { stdio: 'inherit' });
if (!existsSync(WORKER_BUNDLE)) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
const size = statSync(csv).size;
console.log(`file: ${csv} (${(size / 1e6).toFixed(1)} MB), best of ${RUNS} runs\n`);

function pandasSeconds(): number | null {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const out = execFileSync('/usr/bin/python3', ['-c', `import pandas, time\nt = time.perf_counter()\npandas.read_csv(${JSON.stringify(csv)})\nprint(time.perf_counter() - t)`], { encoding: 'utf8' });
  return Number(out.trim());
}

/** A fresh workspace with a project and a running job row, as the queue leaves them before starting a worker. */
function freshWorkspace(kind: string): { dir: string; projectId: string; jobId: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'gyre-bench-')), 'ws');
  const ws = openWorkspace(dir);
  const projectId = new ProjectService(ws.db).create('bench', '1M-row import benchmark').id;
  ws.db.prepare("INSERT INTO jobs (id, kind, project_id, status, input, created_at) VALUES ('bench', ?, ?, 'running', '{}', ?)").run(kind, projectId, new Date().toISOString());
  ws.close();
  return { dir, projectId, jobId: 'bench' };
}

async function gyreImport(): Promise<WorkerRun & { workspace: string }> {
  const { dir, projectId, jobId } = freshWorkspace('dataset.import');
  const run = await runInWorker({ jobId, kind: 'dataset.import', workspaceDir: dir, input: { projectId, path: csv, fileName: 'bench-1m.csv', datasetName: 'bench', options: {} } });
  return { ...run, workspace: dir };
}

// Alternate the peer and Gyre, so both see the same machine state (this machine varies ±30% run to run).
const pandasTimes: number[] = [];
const runs: (WorkerRun & { workspace: string })[] = [];
for (let i = 0; i < RUNS; i++) {
  const p = pandasSeconds();
  if (p !== null) pandasTimes.push(p);
  runs.push(await gyreImport());
}
const pandas = pandasTimes.length ? Math.min(...pandasTimes) : null;
const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const versionId = (best.result as ImportResult).versionId;

// Profile of the imported version, in the worker, as the profile job runs it.
const profileWs = openWorkspace(best.workspace);
profileWs.db.prepare("INSERT INTO jobs (id, kind, status, input, created_at) VALUES ('bench-profile', 'dataset.profile', 'running', '{}', ?)").run(new Date().toISOString());
profileWs.close();
const profiles: WorkerRun[] = [];
for (let i = 0; i < RUNS; i++) profiles.push(await runInWorker({ jobId: 'bench-profile', kind: 'dataset.profile', workspaceDir: best.workspace, input: { versionId, datasetName: 'bench', version: 1 } }));
const profiled = profiles.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const profilePeak = Math.max(...profiles.map((r) => r.peakRssBytes ?? 0));
const peaks = [...runs, ...profiles].map((r) => r.peakRssBytes).filter((p): p is number => p !== null);

// Grid: 200-row pages at random offsets of the imported version, read the way the main process reads them.
const ws = openWorkspace(best.workspace);
const version = new DatasetService(ws.db).version(versionId);
const reader = new RowReader();
const path = ws.objects.pathOf(version.objectSha256);
await reader.page(path, version.columns, { offset: 0, limit: 200, filters: [] });
const latencies: number[] = [];
for (let i = 0; i < 30; i++) {
  const offset = Math.floor((((i * 7919) % 997) / 997) * (version.rowCount - 200));
  const t = performance.now();
  await reader.page(path, version.columns, { offset, limit: 200, filters: [] });
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
await reader.close();
ws.close();
for (const r of runs) rmSync(join(r.workspace, '..'), { recursive: true, force: true });

const fmt = (s: number) => `${s.toFixed(2)} s`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const peak = peaks.length ? Math.max(...peaks) : null;
const importPeak = Math.max(...runs.map((r) => r.peakRssBytes ?? 0));
const rows: [string, string, string, string][] = [
  ['import 1M × 21 CSV → dataset version', fmt(best.seconds), pandas === null ? 'pandas not installed' : `pandas.read_csv ${fmt(pandas)}`, pandas === null ? '—' : `${(best.seconds / pandas).toFixed(2)}× (goal ≤ 1.00×)`],
  ['full profile of that version', fmt(profiled.seconds), `import ${fmt(best.seconds)}`, `${(profiled.seconds / best.seconds).toFixed(2)}× import (goal ≤ 2.00×)`],
  peak === null
    ? ['worker peak memory', 'not measurable here (no /proc)', '—', '—']
    : ['worker peak memory (import / profile)', `${mib(importPeak)} / ${mib(profilePeak)}`, `file ${mib(size)}`, `${(peak / size).toFixed(2)}× file (goal ≤ 2.00×)`],
  ['grid page of 200 rows (p50 / p95)', `${latencies[15]!.toFixed(1)} / ${latencies[28]!.toFixed(1)} ms`, 'goal < 50 ms', `${(latencies[28]! / 50).toFixed(2)}× goal`],
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('   '));
