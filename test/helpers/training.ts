/** Training data and calls shared by the training and tuning job tests: a real core on a fresh workspace. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handlers, ImportResult, Job } from '../../electron/contract/index';
import { dispatch } from '../../electron/core/dispatch';
import { seeded } from '../../electron/ml/random';
import { tempDir, tempHandlers } from './workspace';

export const CSV = fileURLToPath(new URL('../fixtures/data/customers.csv', import.meta.url));

export async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

/** 600 customers whose churn and spend depend on tenure, plan and signup year (plus noise): something to learn. */
export function signalCsv(rows = 600): string {
  const random = seeded(11);
  const lines = ['tenure,plan,signup_date,spend,churned'];
  for (let i = 0; i < rows; i++) {
    const tenure = Math.floor(random.next() * 60);
    const plan = ['basic', 'pro', 'team'][random.int(3)]!;
    const year = 2019 + random.int(5);
    const spend = 20 + tenure * 1.5 + (plan === 'team' ? 40 : plan === 'pro' ? 15 : 0) + random.next() * 10;
    const logit = 1.5 - tenure / 12 + (plan === 'basic' ? 1 : 0) + (year - 2021) * 0.3;
    const churned = random.next() < 1 / (1 + Math.exp(-logit));
    lines.push(`${i % 40 === 0 ? '' : tenure},${plan},${year}-0${1 + random.int(9)}-1${random.int(9)},${i % 30 === 7 ? '' : spend.toFixed(2)},${churned}`);
  }
  const file = join(tempDir(), 'signal.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

export async function imported(file = CSV) {
  const t = tempHandlers();
  const project = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Churn' });
  const job = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: project.id, file })).id);
  return { ...t, projectId: project.id, versionId: (job.result as ImportResult).versionId };
}
