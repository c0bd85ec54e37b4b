/**
 * Bad input to a training job, end to end (worker process, DuckDB, SQLite): each case fails with a sentence that
 * names what is wrong, the worker reports it rather than crashing, and no run is saved.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handlers, ImportResult, Job, Run, TrainResult } from '../../../electron/contract/index';
import { dispatch } from '../../../electron/core/dispatch';
import { tempDir, tempHandlers } from '../../helpers/workspace';

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

/** Imports `lines` as a CSV and trains on it; returns the finished job and the project's runs. */
async function train(lines: string[], request: Record<string, unknown>) {
  const t = tempHandlers();
  const file = join(tempDir(), 'data.csv');
  writeFileSync(file, lines.join('\n'));
  const project = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Bad input' });
  const imported = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: project.id, file })).id);
  expect(imported.status, imported.message).toBe('succeeded');
  const versionId = (imported.result as ImportResult).versionId;
  const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: project.id, versionId, models: ['baseline', 'gbdt', 'linear'], provider: 'cpu', ...request })).id);
  const listed = await call<{ id: string }[]>(t.handlers, 'runs.list', { projectId: project.id });
  return { job, runs: await Promise.all(listed.map((r) => call<Run>(t.handlers, 'runs.get', { id: r.id }))), t };
}

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i));

describe('training on bad input', () => {
  it('refuses a one-row dataset and a constant target: there is nothing to predict', async () => {
    const one = await train(['x,y', '1.5,yes'], { target: 'y' });
    expect(one.job.status).toBe('failed');
    expect(one.job.error?.message).toBe('The target "y" has a single value ("true") in every row: there is nothing to predict.');
    expect(one.runs).toEqual([]);
    const constant = await train(['x,y', ...rows(50, (i) => `${i},7`)], { target: 'y' });
    expect(constant.job.error?.message).toBe('The target "y" has a single value ("7") in every row: there is nothing to predict.');
  });

  it('refuses a target with no values, and a class with one row under a stratified split', async () => {
    const empty = await train(['x,y', ...rows(20, (i) => `${i},`)], { target: 'y' });
    expect(empty.job.status).toBe('failed');
    expect(empty.job.error?.message).toBe('The target "y" has no values.');
    const rare = await train(['x,y', ...rows(40, (i) => `${i},${i === 3 ? 'c' : i % 2 ? 'a' : 'b'}`)], { target: 'y' });
    expect(rare.job.error?.message).toBe('Class "c" has only 1 row; a stratified split needs at least 2 per class. Merge rare classes, drop the row, or use a random split.');
    expect(rare.runs).toEqual([]);
  });

  it('refuses a dataset whose every feature is dropped, naming why each went', async () => {
    const { job } = await train(['id,note,y', ...rows(60, (i) => `${1000 + i},same,${i % 2 ? 'yes' : 'no'}`)], { target: 'y' });
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/^Every feature was dropped, so there is nothing to learn from \(.*"note": /);
  });

  it('trains on numbers with ±Infinity, which count as missing values, and every model is judged', async () => {
    const { job, runs } = await train(['x,z,y', ...rows(200, (i) => `${i % 13 === 0 ? 'inf' : i % 17 === 0 ? '-inf' : i},${(i * 7) % 11},${i % 3 ? 'yes' : 'no'}`)], { target: 'y' });
    expect(job.status, job.message).toBe('succeeded');
    expect((job.result as TrainResult).runIds).toHaveLength(3);
    const linear = runs.find((r) => r.model === 'linear')!;
    expect(linear.details.featureNames).toContain('x_missing');
    for (const run of runs) expect((run.details as unknown as { parityMaxDiff: number }).parityMaxDiff, run.model).toBeLessThan(1e-5);
  });
});
