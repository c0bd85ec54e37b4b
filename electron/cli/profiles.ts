/** `gyre profile DATASET[@VERSION]`: compute (or reuse) a version's profile and print it. */
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { Profile } from '../contract/profiles';
import { callProcedure, coreFor, printJson, printTable } from './context';
import { projectFor } from './datasets';

function printProfile(p: Profile): void {
  const o = p.overview;
  process.stdout.write(`${o.rows.toLocaleString('en')} rows × ${o.columns} columns · ${o.missingCellsPct.toFixed(1)}% cells missing · ${o.duplicateRows} duplicate rows\n\n`);
  printTable(
    ['column', 'type', 'missing', 'distinct', 'mean', 'min', 'max', 'top value'],
    p.columns.map((c) => [
      c.name,
      c.semanticType,
      `${c.missingPct.toFixed(1)}%`,
      String(c.distinct),
      c.numeric ? c.numeric.mean.toPrecision(4) : '',
      c.numeric ? String(c.numeric.min) : (c.datetime?.min.slice(0, 10) ?? ''),
      c.numeric ? String(c.numeric.max) : (c.datetime?.max.slice(0, 10) ?? ''),
      c.topValues?.[0] ? `${c.topValues[0].value} (${c.topValues[0].count})` : '',
    ]),
  );
  if (p.alerts.length) {
    process.stdout.write('\nAlerts:\n');
    for (const a of p.alerts) process.stdout.write(`  [${a.severity}] ${a.message} ${a.suggestion}\n`);
  }
}

export function registerProfileCommand(program: Command): void {
  program
    .command('profile')
    .description('profile a dataset version: statistics, correlations and alerts (computed once, then cached)')
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--target <column>', 'the target column, for class balance, relations to the target and leakage alerts')
    .option('--recompute', 'compute again even if a profile is cached')
    .option('--json', 'print the whole profile as JSON')
    .action(async (ref: string, o: { project?: string; target?: string; recompute?: boolean; json?: boolean }, cmd: Command) => {
      const dataset = await callProcedure(cmd, 'datasets.get', { projectId: await projectFor(cmd, o.project), dataset: ref });
      const version = dataset.versions[0];
      if (!version) throw new GyreError('NOT_FOUND', `Dataset "${dataset.name}" has no versions yet.`);
      const input = { versionId: version.id, ...(o.target ? { target: o.target } : {}) };
      let profile = o.recompute ? null : await callProcedure(cmd, 'profiles.get', input);
      if (!profile) {
        const job = await callProcedure(cmd, 'profiles.compute', input);
        const done = await coreFor(cmd).core.queue.wait(job.id);
        if (done.status !== 'succeeded') throw new GyreError(done.error?.code ?? 'JOB_FAILED', done.error?.message ?? done.message, done.error?.details);
        profile = await callProcedure(cmd, 'profiles.get', input);
      }
      if (o.json) return printJson(profile);
      process.stdout.write(`${dataset.name} v${version.version}: `);
      printProfile(profile!);
    });
}
