/**
 * Labeling at scale: `node --import tsx test/bench/labels.ts [ROWS]` (default 1,000,000). A partly labeled column
 * (0.5% of rows from the data), the queue's next rows and a label as the window asks for them (main process, DuckDB
 * over the version's Parquet object), and the background ranking job from start to stored ranking (a worker process:
 * logistic regression on the labels, a seeded sample of 20,000 unlabeled rows scored and ranked).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportResult, Job, LabelSession, RankingSummary } from '../../electron/contract/index';
import { dispatch } from '../../electron/core/dispatch';
import { createCore } from '../../electron/core/handlers';
import { openWorkspace } from '../../electron/core/workspace';
import { nodeWorkerSpawner } from '../../electron/jobs/spawn-node';
import { seeded } from '../../electron/ml/random';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'gyre-bench-labels-'));
const csv = join(dir, 'tickets.csv');
const random = seeded(3);
const lines = ['id,tenure,spend,plan,region,signup,churned'];
for (let i = 0; i < ROWS; i++) {
  const t = random.int(60);
  const plan = ['basic', 'pro', 'team'][random.int(3)]!;
  const churn = random.next() < 1 / (1 + Math.exp(-(3 - t / 5 + (plan === 'basic' ? 0.5 : 0))));
  lines.push(`${i},${t},${(20 + t * 1.7 + random.next() * 9).toFixed(2)},${plan},r${random.int(12)},2023-0${1 + random.int(9)}-1${random.int(9)},${i % 200 === 0 ? (churn ? 'churn' : 'stay') : ''}`);
}
writeFileSync(csv, lines.join('\n') + '\n');

const ws = openWorkspace(join(dir, 'ws'));
const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner() });
const call = async <T>(name: string, input: unknown): Promise<T> => {
  const { envelope } = await dispatch(core.handlers, name, input);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.result as T;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

try {
  const project = await call<{ id: string }>('projects.create', { name: 'Bench' });
  const imported = await core.queue.wait((await call<Job>('datasets.import', { projectId: project.id, file: csv })).id);
  const versionId = (imported.result as ImportResult).versionId;
  // minLabels above the data's labels, so the first ranking is asked for by hand and timed alone.
  const [session, openMs] = await timed(() => call<LabelSession>('labels.open', { projectId: project.id, versionId, target: 'churned', minLabels: 10_000 }));
  console.log(`${ROWS.toLocaleString('en')} rows, ${session.dataLabeled.toLocaleString('en')} labeled in the data; open (class counts): ${openMs.toFixed(0)} ms`);

  const nextMs: number[] = [];
  const addMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const [q, ms] = await timed(() => call<{ rows: { row: number }[] }>('labels.next', { sessionId: session.id, labeler: 'ana', limit: 8 }));
    nextMs.push(ms);
    addMs.push((await timed(() => call('labels.add', { sessionId: session.id, labeler: 'ana', row: q.rows[0]!.row, label: i % 3 ? 'stay' : 'churn' })))[1]);
  }
  console.log(`labels.next (8 rows, seeded random order): median ${median(nextMs).toFixed(1)} ms; labels.add: median ${median(addMs).toFixed(1)} ms`);

  for (let run = 0; run < 3; run++) {
    const [job, ms] = await timed(async () => core.queue.wait((await call<Job>('labels.rank', { sessionId: session.id })).id));
    if (job.status !== 'succeeded') throw new Error(job.error?.message ?? job.message);
    const r = job.result as RankingSummary;
    console.log(`labels.rank: ${(ms / 1000).toFixed(2)} s from the request to the stored ranking (in the worker ${r.seconds.toFixed(2)} s): trained on ${r.trainedOn.toLocaleString('en')} labels, ranked ${r.scored.toLocaleString('en')} of ${r.unlabeledRows.toLocaleString('en')} unlabeled rows`);
  }
  const ranked: number[] = [];
  for (let i = 0; i < 30; i++) ranked.push((await timed(() => call('labels.next', { sessionId: session.id, labeler: 'ana', limit: 8 })))[1]);
  console.log(`labels.next (8 rows, ranked): median ${median(ranked).toFixed(1)} ms`);
  const progress = await timed(() => call('labels.progress', { sessionId: session.id }));
  console.log(`labels.progress: ${progress[1].toFixed(1)} ms`);
} finally {
  await core.close();
  ws.close();
  rmSync(dir, { recursive: true, force: true });
}
