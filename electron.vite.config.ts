/** Builds the three Electron bundles: main (Node), preload (sandboxed, CommonJS) and renderer (React). */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/contract/security';
import { runtimeFiles } from './electron/deploy/runtime-files';

const contractAlias = { '@contract': resolve('electron/contract/index.ts') };

/** Migrations are read from disk at run time; ship them beside the bundled main script. */
function copyMigrations(): Plugin {
  const dir = resolve('electron/core/db/migrations');
  return {
    name: 'gyre-copy-migrations',
    generateBundle() {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
        this.emitFile({ type: 'asset', fileName: `migrations/${file}`, source: readFileSync(resolve(dir, file), 'utf8') });
      }
    },
  };
}

/** A bundle's runtime files are copied from disk at run time (deploy/runtime-files.ts): ship them beside the main script too. */
function copyBundleTemplates(): Plugin {
  return {
    name: 'gyre-copy-bundle-templates',
    generateBundle() {
      for (const file of runtimeFiles(resolve('electron/deploy/templates'))) {
        this.emitFile({ type: 'asset', fileName: `templates/${file.path}`, source: file.bytes });
      }
    },
  };
}

/** One CSP for the window and the browser host, declared in the contract. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'gyre-csp',
    transformIndexHtml: (html) => html.replace('%GYRE_CSP%', CONTENT_SECURITY_POLICY),
  };
}

export default defineConfig({
  main: {
    plugins: [copyMigrations(), copyBundleTemplates()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          worker: resolve('electron/jobs/worker.ts'),
          // Tree training's worker threads load this entry beside the bundle (ml/trees/threads.ts).
          'histogram-worker': resolve('electron/ml/trees/histogram-worker.ts'),
          // Tuning's trial pool loads this entry beside the bundle (ml/tune/pool.ts).
          'trial-worker': resolve('electron/ml/tune/trial-worker.ts'),
        },
        // Shared chunks sit beside the entries, not in chunks/: code that finds files relative to its own module
        // (the migrations folder) must resolve to the same place from either entry.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else (zod, via the contract).
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    resolve: { alias: contractAlias },
    plugins: [react(), contentSecurityPolicy()],
    build: { rollupOptions: { input: resolve('renderer/index.html') }, minify: true, chunkSizeWarningLimit: 1500 },
  },
});
