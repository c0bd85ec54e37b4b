/** The `dataset.profile` job: profile one version and keep the report in the object store, cached per target. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../contract/profiles';
import { DatasetService } from '../../core/datasets';
import { ProfileStore } from '../../core/profiles';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { computeProfile } from '../../data/profile/profile';
import type { TaskContext } from '../tasks';

export interface ProfileJobInput {
  versionId: string;
  /** For the Jobs panel's title. */
  datasetName: string;
  version: number;
  target?: string;
}

export async function profileDataset(input: ProfileJobInput, ctx: TaskContext): Promise<{ versionId: string; target: string; alerts: number }> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const version = new DatasetService(ws.db).version(input.versionId);
    const path = ws.objects.pathOf(version.objectSha256);
    const stored = (ws.db.prepare('SELECT size FROM objects WHERE sha256 = ?').get(version.objectSha256) as { size: number } | undefined)?.size ?? 0;
    ctx.report(0.02, `Profiling ${version.rowCount.toLocaleString('en')} rows`);
    const profile: Profile = await withDuck((duck) => computeProfile(duck, path, version, stored, input.target, ctx.report));
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const file = join(tmpDir, 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    const object = await ws.objects.putFile(file, 'application/json');
    new ProfileStore(ws.db).save(version.id, input.target ?? '', object.sha256, ctx.jobId);
    return { versionId: version.id, target: input.target ?? '', alerts: profile.alerts.length };
  } finally {
    ws.close();
  }
}
