/** `gyre import FILE` and `gyre dataset list|show`: datasets from the terminal, through the same job queue. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { DatasetVersion, ImportResult, Job, SemanticType } from '../contract/index';
import { SEMANTIC_TYPES, type ExportResult } from '../contract/datasets';
import { formatOfPath } from '../data/export';
import { refuseRemoteSource } from '../data/local-source';
import { callProcedure, coreFor, onEvent, printJson, printTable, shortDate } from './context';
import { succeeded } from './train';

/** --project, else the project last opened in the app. */
export async function projectFor(cmd: Command, given: string | undefined): Promise<string> {
  if (given) return (await callProcedure(cmd, 'projects.get', { id: given })).id;
  const last = await callProcedure(cmd, 'projects.lastOpened', {});
  if (!last) throw new GyreError('VALIDATION', 'Say which project: --project NAME (no project has been opened yet).', { field: '--project' });
  return last.id;
}

function parseTypes(specs: string[] | undefined): Record<string, SemanticType> | undefined {
  if (!specs) return undefined;
  return Object.fromEntries(
    specs.map((s) => {
      const at = s.lastIndexOf('=');
      const type = s.slice(at + 1);
      if (at <= 0 || !(SEMANTIC_TYPES as readonly string[]).includes(type)) {
        throw new GyreError('VALIDATION', `--type "${s}" is not of the form COLUMN=TYPE with TYPE one of ${SEMANTIC_TYPES.join(', ')}.`, { field: '--type' });
      }
      return [s.slice(0, at), type as SemanticType];
    }),
  );
}

function describeVersion(v: DatasetVersion): string[][] {
  return v.columns.map((c) => [c.name, c.semanticType, c.storageType]);
}

interface ImportOptions {
  project?: string;
  name?: string;
  delimiter?: string;
  quote?: string;
  encoding?: 'utf-8' | 'latin-1';
  noHeader?: boolean;
  skipBadRows?: boolean;
  type?: string[];
  json?: boolean;
}

export function registerDatasetCommands(program: Command): void {
  program
    .command('import')
    .description('import a CSV, TSV, JSON, JSONL or Parquet file as a new dataset version')
    .argument('<file>', 'the file to import')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--name <name>', 'dataset name (default: the file name without extension)')
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed)')
    .option('--quote <char>', 'CSV quote character, or "none" (default: ")')
    .option('--encoding <encoding>', 'utf-8 or latin-1 (default: sniffed)')
    .option('--no-header', 'the first CSV row is data, not column names')
    .option('--skip-bad-rows', 'skip rows that do not parse instead of failing')
    .option('--type <column=type>', `override a column's type (${SEMANTIC_TYPES.join(', ')}); repeat`, (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: ImportOptions & { header?: boolean }, cmd: Command) => {
      refuseRemoteSource(file); // before resolve() turns https://host/x into a local path
      const projectId = await projectFor(cmd, o.project);
      const csv = { ...(o.delimiter ? { delimiter: o.delimiter === '\\t' ? '\t' : o.delimiter } : {}), ...(o.quote ? { quote: o.quote === 'none' ? '' : o.quote } : {}), ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.header === false ? { header: false } : {}), ...(o.skipBadRows ? { skipBadRows: true } : {}) };
      const types = parseTypes(o.type);
      const options = { ...(Object.keys(csv).length ? { csv } : {}), ...(types ? { types } : {}) };
      const showProgress = !o.json && process.stderr.isTTY;
      const stop = onEvent((event, payload) => {
        if (event === 'job' && showProgress) {
          const job = payload as Job;
          process.stderr.write(`\r${Math.round(job.progress * 100)}% ${job.message}`.padEnd(70));
        }
      });
      const job = await callProcedure(cmd, 'datasets.import', { projectId, file: resolve(file), ...(o.name ? { name: o.name } : {}), options });
      const done = await coreFor(cmd).core.queue.wait(job.id);
      stop();
      if (showProgress) process.stderr.write('\r'.padEnd(71) + '\r');
      if (done.status !== 'succeeded') throw new GyreError(done.error?.code ?? 'JOB_FAILED', done.error?.message ?? done.message, done.error?.details);
      const result = done.result as ImportResult;
      const dataset = await callProcedure(cmd, 'datasets.get', { projectId, dataset: `${result.datasetId}@${result.version}` });
      const version = dataset.versions[0]!;
      if (o.json) return printJson({ ...result, dataset: dataset.name, rowCount: version.rowCount, columns: version.columns });
      const verb = result.deduplicated ? 'Already imported as' : 'Imported as';
      process.stdout.write(`${verb} ${dataset.name} v${result.version}: ${version.rowCount} rows × ${version.columnCount} columns${result.skippedRows ? ` (${result.skippedRows} bad rows skipped)` : ''}.\n`);
      printTable(['column', 'type', 'stored as'], describeVersion(version));
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
    });

  const dataset = program.command('dataset').description('list and show datasets and their versions');

  dataset
    .command('list')
    .description("list a project's datasets")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (o: { project?: string; json?: boolean }, cmd: Command) => {
      const list = await callProcedure(cmd, 'datasets.list', { projectId: await projectFor(cmd, o.project) });
      if (o.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write('No datasets yet. Import one: gyre import FILE --project …\n');
      printTable(
        ['id', 'name', 'versions', 'rows', 'columns', 'source', 'created'],
        list.map((d) => [d.id, d.name, String(d.versionCount), String(d.latest?.rowCount ?? ''), String(d.latest?.columnCount ?? ''), d.latest?.source?.name ?? '', shortDate(d.createdAt)]),
      );
    });

  dataset
    .command('show')
    .description('show a dataset: NAME (every version) or NAME@N (one version, with its columns)')
    .argument('<dataset>', 'dataset name or id, optionally @VERSION')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: { project?: string; json?: boolean }, cmd: Command) => {
      const d = await callProcedure(cmd, 'datasets.get', { projectId: await projectFor(cmd, o.project), dataset: ref });
      if (o.json) return printJson(d);
      process.stdout.write(`${d.name} (${d.id})\n`);
      printTable(
        ['version', 'rows', 'columns', 'lineage', 'created'],
        d.versions.map((v) => [String(v.version), String(v.rowCount), String(v.columnCount), v.source ? `${v.operation} ${v.source.name} (sha256 ${v.source.sha256.slice(0, 12)}…)` : v.operation, shortDate(v.createdAt)]),
      );
      const shown = d.versions[0];
      if (shown) {
        process.stdout.write(`\nColumns of v${shown.version}:\n`);
        printTable(['column', 'type', 'stored as'], describeVersion(shown));
      }
    });
  dataset
    .command('export')
    .description('write a dataset version to a CSV or Parquet file (never over an existing file)')
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (default: the newest version)')
    .requiredOption('--out <file>', 'FILE.csv or FILE.parquet')
    .option('--format <format>', 'csv or parquet (default: from the file name)')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, o: { out: string; format?: string; project?: string; json?: boolean }, cmd: Command) => {
      const out = resolve(o.out);
      const format = o.format ?? formatOfPath(out);
      if (format !== 'csv' && format !== 'parquet') throw new GyreError('VALIDATION', `Name the file .csv or .parquet, or say --format csv|parquet ("${o.out}").`, { field: 'out' });
      const d = await callProcedure(cmd, 'datasets.get', { projectId: await projectFor(cmd, o.project), dataset: ref });
      const version = d.versions[0]!;
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'datasets.export', { versionId: version.id, format, out }));
      const result = done.result as ExportResult;
      if (o.json) return printJson(result);
      process.stdout.write(`Wrote ${d.name} v${version.version} to ${result.path}: ${result.rows.toLocaleString('en')} rows, ${(result.bytes / 1e6).toFixed(2)} MB (${format === 'csv' ? 'CSV' : 'Parquet'}).\n`);
    });
}
