/**
 * `npm run bench`: import of a 1M-row × 21-column CSV against pandas.read_csv on the same file, in the same run,
 * plus the worker's peak memory and the data grid's page latency. Prints each figure next to its goal.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetService } from '../../electron/core/datasets';
import { openWorkspace } from '../../electron/core/workspace';
import { RowReader } from '../../electron/data/rows';

const here = fileURLToPath(new URL('.', import.meta.url));
const csv = join(here, '.data', 'bench-1m.csv');
const RUNS = Number(process.env.GYRE_BENCH_RUNS ?? 2);

if (!existsSync(csv)) execFileSync(process.execPath, [join(here, 'generate.mjs'), csv], { stdio: 'inherit' });
const size = statSync(csv).size;
console.log(`file: ${csv} (${(size / 1e6).toFixed(1)} MB), best of ${RUNS} runs\n`);

function pandasSeconds(): number | null {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync('/usr/bin/python3', ['-c', `import pandas, time\nt = time.perf_counter()\npandas.read_csv(${JSON.stringify(csv)})\nprint(time.perf_counter() - t)`], { encoding: 'utf8' });
    times.push(Number(out.trim()));
  }
  return Math.min(...times);
}

interface ImportRun {
  seconds: number;
  maxRssBytes: number;
  versionId: string;
  workspace: string;
}

function gyreImport(): ImportRun {
  const workspace = join(mkdtempSync(join(tmpdir(), 'gyre-bench-')), 'ws');
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'import-child.ts'), csv, workspace], { encoding: 'utf8' });
  return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as Omit<ImportRun, 'workspace'>), workspace };
}

const pandas = pandasSeconds();
const runs: ImportRun[] = [];
for (let i = 0; i < RUNS; i++) runs.push(gyreImport());
const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
let peak = Math.max(...runs.map((r) => r.maxRssBytes));

// Profile of the imported version, as the profile job's worker computes it.
const profiled = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', join(here, 'profile-child.ts'), best.workspace, best.versionId], { encoding: 'utf8' }).trim().split('\n').at(-1)!,
) as { seconds: number; maxRssBytes: number };

// Grid: 200-row pages at random offsets of the imported version, read the way the main process reads them.
const ws = openWorkspace(best.workspace);
const version = new DatasetService(ws.db).version(best.versionId);
const reader = new RowReader();
const path = ws.objects.pathOf(version.objectSha256);
await reader.page(path, version.columns, { offset: 0, limit: 200, filters: [] });
peak = Math.max(peak, profiled.maxRssBytes);
const latencies: number[] = [];
for (let i = 0; i < 30; i++) {
  const offset = Math.floor(((i * 7919) % 997) / 997 * (version.rowCount - 200));
  const t = performance.now();
  await reader.page(path, version.columns, { offset, limit: 200, filters: [] });
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
await reader.close();
ws.close();
for (const r of runs) rmSync(join(r.workspace, '..'), { recursive: true, force: true });

const fmt = (s: number) => `${s.toFixed(2)} s`;
const rows: [string, string, string, string][] = [
  ['import 1M × 21 CSV → dataset version', fmt(best.seconds), pandas === null ? 'pandas not installed' : `pandas.read_csv ${fmt(pandas)}`, pandas === null ? '—' : `${(best.seconds / pandas).toFixed(2)}× (goal ≤ 1.00×)`],
  ['full profile of that version', fmt(profiled.seconds), `import ${fmt(best.seconds)}`, `${(profiled.seconds / best.seconds).toFixed(2)}× import (goal ≤ 2.00×)`],
  ['worker peak memory (import, profile)', `${(peak / 2 ** 20).toFixed(0)} MiB`, `file ${(size / 2 ** 20).toFixed(0)} MiB`, `${(peak / size).toFixed(2)}× file (goal ≤ 2.00×)`],
  ['grid page of 200 rows (p50 / p95)', `${latencies[15]!.toFixed(1)} / ${latencies[28]!.toFixed(1)} ms`, 'goal < 50 ms', `${(latencies[28]! / 50).toFixed(2)}× goal`],
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('   '));
