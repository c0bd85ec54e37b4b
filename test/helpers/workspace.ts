/** A fresh workspace folder per test, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createCore } from '../../electron/core/handlers';
import { openWorkspace, type Workspace } from '../../electron/core/workspace';
import { nodeWorkerSpawner } from '../../electron/jobs/spawn-node';
import type { Emit } from '../../electron/jobs/queue';

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export function tempDir(prefix = 'gyre-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempWorkspace(): Workspace {
  const ws = openWorkspace(join(tempDir(), 'ws'));
  cleanups.unshift(() => ws.close());
  return ws;
}

/** A real core (real worker processes) on a fresh workspace; `events` collects what it emitted. */
export function tempHandlers(host: 'test' | 'web' = 'test') {
  const ws = tempWorkspace();
  const events: { event: string; payload: unknown }[] = [];
  const emit: Emit = (event, payload) => void events.push({ event, payload });
  const core = createCore({ ws, host, spawnWorker: nodeWorkerSpawner(), emit });
  cleanups.unshift(() => core.queue.close());
  return { ws, handlers: core.handlers, queue: core.queue, events };
}

/** A charter that passes validation; tests change one thing at a time. */
export function validCharter() {
  return {
    problem: 'Customers cancel without warning.',
    objective: 'Keep 5% more customers each quarter.',
    stakeholders: [{ name: 'Ana', role: 'product' as const }],
    task: 'binary_classification' as const,
    target: 'Customer cancels within 90 days',
    predictionUnit: 'one customer',
    usage: 'batch' as const,
    successCriteria: [
      { metric: 'accuracy' as const, direction: 'higher' as const, acceptable: 0.7, target: 0.9 },
      { metric: 'roc_auc' as const, direction: 'higher' as const, acceptable: 0.75, target: 0.85 },
    ],
    constraints: {
      interpretabilityRequired: true,
      sensitiveAttributes: [{ name: 'gender', maxDisparity: 0.1 }],
      privacyNotes: 'No personal names leave the workspace.',
      risks: [{ risk: 'Seasonality', mitigation: 'Out-of-time split' }],
      retrainingTrigger: 'F1 below 0.75 or drift score above 0.2',
    },
  };
}
