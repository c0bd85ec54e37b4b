// `npm start`: builds the studio, then opens the desktop window — or, where no Electron runtime could be
// installed (set-up without internet), says so in one line and serves the same studio in the browser.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

const build = spawnSync(process.execPath, [`${root}/node_modules/electron-vite/bin/electron-vite.js`, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('gyre: the build failed (see above); nothing was started.');
  process.exit(build.status ?? 1);
}

const electron = electronBinary();
const child = electron
  ? spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' })
  : (console.log('No Electron runtime is installed here (its download needs internet access), so Gyre opens in your browser instead.'),
    spawn(process.execPath, [`${root}/bin/gyre.mjs`, 'web', ...args], { cwd: root, stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
