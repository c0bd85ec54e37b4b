/** `gyre archive` as a person runs it: export, inspect, import into another workspace, the conflict, a copy, a damaged file. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchiveExportResult, ArchiveImportResult, ArchiveInspection } from '../../../electron/contract/index';
import { runGyre } from '../../helpers/cli';
import { CSV } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

describe('gyre archive', () => {
  it('exports a project from one workspace and imports it into another, refusing a damaged file', () => {
    const dir = tempDir();
    const here = join(dir, 'laptop');
    const there = join(dir, 'lab');
    const ok = (ws: string, ...args: string[]) => {
      const r = runGyre(ws, ...args);
      expect(r.code, `gyre ${args.join(' ')}\n${r.out}${r.err}`).toBe(0);
      return r.out;
    };
    ok(here, 'project', 'create', '--name', 'Churn');
    ok(here, 'import', CSV, '--project', 'Churn');
    const exported = JSON.parse(ok(here, 'archive', 'export', '--project', 'Churn', '--json')) as ArchiveExportResult;
    expect(exported.path).toMatch(/[/\\]exports[/\\]churn-\d{4}-\d{2}-\d{2}\.gyre$/);
    expect(exported.counts).toMatchObject({ datasets: 1, datasetVersions: 1, objects: 1 });
    expect(ok(here, 'archive', 'export', '--project', 'Churn')).toMatch(/churn-\d{4}-\d{2}-\d{2}-2\.gyre/);

    const inspected = JSON.parse(ok(there, 'archive', 'inspect', exported.path, '--json')) as ArchiveInspection;
    expect(inspected).toMatchObject({ project: { name: 'Churn' }, existing: null });
    expect(ok(there, 'archive', 'import', exported.path)).toMatch(/Imported "Churn" \(prj_\w+\) as a new project: \d+ records added, 1 objects/);
    expect(ok(there, 'dataset', 'list', '--project', 'Churn')).toMatch(/customers/);

    const twice = runGyre(there, 'archive', 'import', exported.path);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/already has the project "Churn".*--as-copy.*--merge/s);
    const copy = JSON.parse(ok(there, 'archive', 'import', exported.path, '--as-copy', '--json')) as ArchiveImportResult;
    expect(copy).toMatchObject({ mode: 'copy', projectName: 'Churn (copy)' });

    const bytes = readFileSync(exported.path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 1;
    const damaged = join(dir, 'damaged.gyre');
    writeFileSync(damaged, bytes);
    const fresh = join(dir, 'fresh');
    const refused = runGyre(fresh, 'archive', 'import', damaged);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/damaged/);
    expect(ok(fresh, 'project', 'list')).toMatch(/^No projects yet/);
  }, 120_000);
});
