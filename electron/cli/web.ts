/** `gyre web`: the studio in the browser, served on 127.0.0.1 with a one-time token. */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startWebHost } from '../web/server';
import { closeWorkspace, coreFor, onEvent } from './context';

export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export async function serveStudio(cmd: Command, port: number): Promise<void> {
  const { ws, core } = coreFor(cmd, 'web');
  const host = await startWebHost({ handlers: core.handlers, rendererDir: BUILT_RENDERER_DIR, port, workspaceDir: ws.dir });
  onEvent((event, payload) => host.broadcast(event, payload));
  process.stdout.write(`Gyre studio: ${host.url}\nWorkspace: ${ws.dir}\nPress Ctrl+C to stop.\n`);
  const stop = () => {
    void host
      .close()
      .then(() => closeWorkspace())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${value} is not a port number (0–65535).`);
  return port;
}

export function registerWebCommand(program: Command): void {
  program
    .command('web')
    .description('serve the studio in your browser on 127.0.0.1 (prints the address with its access token)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .action(async (o: { port: number }, cmd: Command) => serveStudio(cmd, o.port));
}
