/** `gyre bundle` and `gyre verify`: a model version exported as a deployment bundle, and a bundle checked after a move. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { BundleResult, VerifyResult } from '../contract/bundles';
import { isZipPath } from '../deploy/target';
import { verify } from '../deploy/verify';
import { callProcedure, printJson } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

function printBundle(b: BundleResult): void {
  const m = b.manifest;
  const l = m.lineage;
  process.stdout.write(`Wrote ${m.model.name}@${m.model.version} (${m.model.stage}) to ${b.path}: ${b.format}, ${b.files} files, ${size(b.bytes)}.\n`);
  process.stdout.write(`lineage: ${l.charterVersion === null ? 'no charter' : `charter v${l.charterVersion}`} → ${l.dataset} v${l.datasetVersion} (sha256 ${l.datasetSha256.slice(0, 12)}…) → run ${l.runId} → ${l.evaluationId ? `evaluation ${l.evaluationId}` : 'not evaluated'}\n`);
  process.stdout.write(`${m.format}, Gyre ${m.gyreVersion}, created ${m.createdAt}; check it after a move with: gyre verify ${b.path}\n`);
}

function printVerify(path: string, r: VerifyResult): void {
  if (r.ok) return void process.stdout.write(`OK: ${r.checked} files of ${path} match MANIFEST.json.\n`);
  for (const p of r.altered) process.stdout.write(`altered: ${p}\n`);
  for (const p of r.missing) process.stdout.write(`missing: ${p}\n`);
  for (const p of r.extra) process.stdout.write(`extra (not in MANIFEST.json): ${p}\n`);
  for (const p of r.problems) process.stdout.write(`problem: ${p}\n`);
}

export function registerBundleCommands(program: Command): void {
  program
    .command('bundle')
    .description('export a model version as a deployment bundle (model, schema, reference profile, metrics, card, runtime, Triton config, MANIFEST.json)')
    .argument('<model>', 'NAME@VERSION, or NAME for its newest version')
    .requiredOption('--out <path>', 'a new (or empty) folder, or a FILE.zip')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the result and its manifest as JSON')
    .action(async (ref: string, o: { out: string; project?: string; json?: boolean }, cmd: Command) => {
      const out = resolve(o.out);
      const input = { projectId: await projectFor(cmd, o.project), ref, out, format: isZipPath(out) ? ('zip' as const) : ('folder' as const) };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'bundles.export', input));
      const result = done.result as BundleResult;
      if (o.json) return printJson(result);
      printBundle(result);
    });

  program
    .command('verify')
    .description("check a bundle folder or .zip against its MANIFEST.json (exit 0 when every file matches, 1 otherwise)")
    .argument('<bundle>', 'the bundle folder or .zip file')
    .option('--json', 'print the result as JSON')
    .action(async (bundle: string, o: { json?: boolean }) => {
      // Reads only the bundle: the machine it arrived on may have no Gyre workspace, so none is opened.
      const path = resolve(bundle);
      const result = await verify(path);
      if (o.json) printJson(result);
      else printVerify(path, result);
      if (!result.ok) process.exitCode = 1;
    });
}
