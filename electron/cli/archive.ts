/**
 * `gyre archive export|import|inspect`: a whole project carried as one .gyre file across an air gap — written from one
 * workspace, checked entry by entry and imported into another, all or nothing.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { describeArchiveCounts, type ArchiveExportResult, type ArchiveImportResult, type ArchiveInspection } from '../contract/archive';
import { GyreError } from '../contract/errors';
import { callProcedure, printJson } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

function printImport(r: ArchiveImportResult): void {
  const how = r.mode === 'new' ? 'as a new project' : r.mode === 'copy' ? 'as a copy (new identities)' : 'merged into the project here';
  const added = Object.values(r.added).reduce((s, n) => s + n, 0);
  const kept = Object.values(r.kept).reduce((s, n) => s + n, 0);
  process.stdout.write(`Imported "${r.projectName}" (${r.projectId}) ${how}: ${added} records added${kept ? `, ${kept} this workspace already had (kept as they were)` : ''}, ${r.objectsAdded} objects, ${r.bundlesRestored} bundle${r.bundlesRestored === 1 ? "" : "s"} restored under bundles/.\n`);
  for (const note of r.notes) process.stdout.write(`  - ${note}\n`);
}

export function registerArchiveCommands(program: Command): void {
  const archive = program.command('archive').description('carry a whole project to another workspace as one checked .gyre file');

  archive
    .command('export')
    .description('write a project — charters, datasets, recipes, runs, models, evaluations, bundles, monitoring — to one .gyre file with SHA-256 checksums')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--out <file>', 'the .gyre file to write (default: exports/<project>-<date>.gyre in the workspace)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { project?: string; out?: string; json?: boolean }, cmd: Command) => {
      const input = { projectId: await projectFor(cmd, o.project), ...(o.out ? { out: resolve(o.out) } : {}) };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'archive.export', input));
      const r = done.result as ArchiveExportResult;
      if (o.json) return printJson(r);
      process.stdout.write(`Wrote ${r.path}: "${r.project.name}", ${size(r.bytes)}, ${r.entries} entries in ${r.seconds < 1 ? `${Math.round(r.seconds * 1000)} ms` : `${r.seconds.toFixed(1)} s`}.\n${describeArchiveCounts(r.counts)}.\n`);
      for (const b of r.missingBundles) process.stdout.write(`  - the bundle at ${b} no longer exists: its record is archived, its files are not\n`);
      process.stdout.write(`Import it elsewhere with: gyre archive import ${r.path}\n`);
    });

  archive
    .command('inspect')
    .description('show what a .gyre file holds, and whether this workspace already has its project')
    .argument('<file>', 'the .gyre file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { json?: boolean }, cmd: Command) => {
      const r = (await callProcedure(cmd, 'archive.inspect', { file: resolve(file) })) as ArchiveInspection;
      if (o.json) return printJson(r);
      process.stdout.write(`"${r.project.name}" (${r.project.id}), archived ${r.createdAt} by Gyre ${r.gyreVersion}; ${size(r.bytes)}.\n${describeArchiveCounts(r.counts)}.\n`);
      if (r.existing) process.stdout.write(`This workspace already has it as "${r.existing.name}": import with --as-copy or --merge.\n`);
    });

  archive
    .command('import')
    .description('check every entry of a .gyre file and add its project to this workspace, all or nothing')
    .argument('<file>', 'the .gyre file')
    .option('--as-copy', 'the workspace already has the project: import it as a new project with new identities')
    .option('--merge', 'the workspace already has the project: add the versions it lacks, keep everything it has')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { asCopy?: boolean; merge?: boolean; json?: boolean }, cmd: Command) => {
      if (o.asCopy && o.merge) throw new GyreError('VALIDATION', 'Choose one of --as-copy and --merge.', { field: 'mode' });
      const mode = o.asCopy ? ('copy' as const) : o.merge ? ('merge' as const) : undefined;
      const inspection = (await callProcedure(cmd, 'archive.inspect', { file: resolve(file) })) as ArchiveInspection;
      if (inspection.existing && !mode) {
        throw new GyreError('CONFLICT', `This workspace already has the project "${inspection.existing.name}" (${inspection.existing.id}) from this archive. Run again with --as-copy (a new project) or --merge (add the versions this workspace lacks); nothing is overwritten either way.`, { file: resolve(file), field: 'mode' });
      }
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'archive.import', { file: resolve(file), ...(mode ? { mode } : {}) }));
      const r = done.result as ArchiveImportResult;
      if (o.json) return printJson(r);
      printImport(r);
    });
}
