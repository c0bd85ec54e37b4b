#!/usr/bin/env node
// The `gyre` command: runs the TypeScript CLI from source through tsx, so it is never stale against the code.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/index.ts');
