/** `gyre predict RUN|FILE.onnx INPUT --out OUT.csv`: batch scoring of a file of any size, streamed. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { scoreFile } from '../data/score-file';
import { cudaInstalled } from '../jobs/onnx-providers';
import { callProcedure, coreFor } from './context';

export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description("score a CSV/TSV/JSON/Parquet file with a run's model or an exported .onnx file; writes the rows with predictions appended")
    .argument('<model>', 'run id (or a unique prefix), or a .onnx file exported by Gyre')
    .argument('<input>', 'the file to score')
    .requiredOption('--out <file>', 'where to write the scored rows (CSV)')
    .action(async (model: string, inputFile: string, o: { out: string }, cmd: Command) => {
      const onnx = model.endsWith('.onnx') && existsSync(model) ? new Uint8Array(readFileSync(model)) : coreFor(cmd).ws.objects.read((await callProcedure(cmd, 'runs.get', { id: model })).onnx.sha256);
      const showProgress = process.stderr.isTTY;
      const started = performance.now();
      const result = await scoreFile({
        onnx,
        inputPath: resolve(inputFile),
        inputName: basename(inputFile),
        outPath: resolve(o.out),
        cudaInstalled,
        onProgress: (rows) => showProgress && process.stderr.write(`\rScored ${rows.toLocaleString('en')} rows`),
      });
      if (showProgress) process.stderr.write('\r'.padEnd(40) + '\r');
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`Scored ${result.rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s on ${result.provider} → ${resolve(o.out)} (added ${result.addedColumns.join(', ')}).\n`);
      if (result.passedThrough.length) process.stdout.write(`Not used by the model, copied as they were: ${result.passedThrough.join(', ')}.\n`);
    });
}
