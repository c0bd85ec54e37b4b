import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As in electron.vite.config.ts, so renderer modules that read the contract's values can be tested here.
  resolve: { alias: { '@contract': fileURLToPath(new URL('./electron/contract/index.ts', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
