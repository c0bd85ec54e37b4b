/** `gyre project …`: create, list, show, rename, archive. */
import type { Command } from 'commander';
import type { Project } from '../contract/projects';
import { callProcedure, printJson, printTable, shortDate } from './context';

function printProject(p: Project): void {
  printTable(
    ['field', 'value'],
    [
      ['id', p.id],
      ['name', p.name],
      ['description', p.description || '—'],
      ['created', shortDate(p.createdAt)],
      ['updated', shortDate(p.updatedAt)],
      ['last opened', shortDate(p.lastOpenedAt)],
      ['archived', p.archivedAt ? shortDate(p.archivedAt) : 'no'],
    ],
  );
}

function output(json: boolean | undefined, value: Project): void {
  if (json) printJson(value);
  else printProject(value);
}

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('create, list and manage projects');

  project
    .command('create')
    .description('create a project')
    .requiredOption('--name <name>', 'project name (unique)')
    .option('--description <text>', 'what the project is about', '')
    .option('--json', 'print the project as JSON')
    .action(async (opts: { name: string; description: string; json?: boolean }, cmd: Command) => {
      output(opts.json, await callProcedure(cmd, 'projects.create', { name: opts.name, description: opts.description }));
    });

  project
    .command('list')
    .description('list projects, most recently opened first')
    .option('--all', 'include archived projects')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      const projects = await callProcedure(cmd, 'projects.list', { includeArchived: Boolean(opts.all) });
      if (opts.json) return printJson(projects);
      if (projects.length === 0) return void process.stdout.write('No projects yet. Create one: gyre project create --name "Churn"\n');
      printTable(
        ['id', 'name', 'created', 'last opened', 'archived'],
        projects.map((p) => [p.id, p.name, shortDate(p.createdAt), shortDate(p.lastOpenedAt), p.archivedAt ? 'yes' : '']),
      );
    });

  project
    .command('show')
    .description('show one project')
    .argument('<project>', 'project id or name')
    .option('--json', 'print the project as JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      output(opts.json, await callProcedure(cmd, 'projects.get', { id }));
    });

  project
    .command('rename')
    .description('rename a project')
    .argument('<project>', 'project id or name')
    .requiredOption('--name <name>', 'the new name')
    .option('--json', 'print the project as JSON')
    .action(async (id: string, opts: { name: string; json?: boolean }, cmd: Command) => {
      output(opts.json, await callProcedure(cmd, 'projects.rename', { id, name: opts.name }));
    });

  project
    .command('archive')
    .description('archive a project (nothing is deleted), or restore it with --restore')
    .argument('<project>', 'project id or name')
    .option('--restore', 'restore an archived project')
    .option('--json', 'print the project as JSON')
    .action(async (id: string, opts: { restore?: boolean; json?: boolean }, cmd: Command) => {
      output(opts.json, await callProcedure(cmd, 'projects.archive', { id, archived: !opts.restore }));
    });
}
