/** The `gyre` command-line tool: the same workspace and procedures as the app, for scripts and terminals. */
import { Command, CommanderError } from 'commander';
import { GyreError } from '../contract/errors';
import { installNetworkGuard } from '../core/network';
import { APP_VERSION } from '../core/version';
import { registerArchiveCommands } from './archive';
import { registerBundleCommands } from './bundle';
import { registerCharterCommands } from './charters';
import { closeWorkspace } from './context';
import { registerDatasetCommands } from './datasets';
import { registerEvaluateCommands } from './evaluate';
import { registerImportModelCommand } from './import-model';
import { registerLabelCommands } from './labels';
import { registerProfileCommand } from './profiles';
import { registerPredictCommand } from './predict';
import { registerProjectCommands } from './projects';
import { registerRecipeCommands } from './recipe';
import { registerRegistryCommands } from './registry';
import { registerShadowCommand } from './shadow';
import { registerMonitorCommand } from './monitor';
import { registerSynthesizeCommand } from './synthesize';
import { registerTrainCommands } from './train';
import { registerTuneCommands } from './tune';
import { registerWebCommand } from './web';

// Before anything else runs: this process (and the browser host it may become) connects to no other machine.
installNetworkGuard(process.argv.includes('web') ? 'browser host' : 'cli');

export function buildProgram(): Command {
  const program = new Command('gyre')
    .description('Gyre — an offline-first studio for the whole machine-learning lifecycle')
    .version(APP_VERSION)
    .option('--workspace <dir>', 'workspace folder (default: $GYRE_WORKSPACE or the per-user data folder)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerProjectCommands(program);
  registerCharterCommands(program);
  registerDatasetCommands(program);
  registerProfileCommand(program);
  registerRecipeCommands(program);
  registerTrainCommands(program);
  registerTuneCommands(program);
  registerEvaluateCommands(program);
  registerImportModelCommand(program);
  registerShadowCommand(program);
  registerMonitorCommand(program);
  registerSynthesizeCommand(program);
  registerLabelCommands(program);
  registerRegistryCommands(program);
  registerPredictCommand(program);
  registerBundleCommands(program);
  registerArchiveCommands(program);
  registerWebCommand(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    await closeWorkspace();
    if (e instanceof CommanderError) {
      // Commander already printed help, the version or its one-line usage error.
      process.exit(e.exitCode === 0 ? 0 : 2);
    }
    const line = e instanceof GyreError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`gyre: ${line}\n`);
    process.exit(1);
  }
  if (program.args[0] !== 'web') await closeWorkspace();
}

// `gyre dataset show x | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

await main(process.argv);
