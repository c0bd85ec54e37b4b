/** Facts about the running studio: version, workspace, which host serves it. */
import { z } from 'zod';
import { procedure } from './procedure';

export type HostKind = 'electron' | 'web' | 'cli' | 'test';

export interface AppInfo {
  version: string;
  host: HostKind;
  workspace: string;
  schemaVersion: number;
  platform: string;
}

export const appProcedures = {
  'app.info': procedure(z.object({}).default({})).query<AppInfo>([]),
};
