/**
 * The sample project's data shipped with Gyre (resources/sample/, made by scripts/make-sample-data.mjs): where it lies
 * at run time, its files, and the columns the guided tour leans on.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GyreError } from '../contract/errors';

/** The training table: 4,000 customers who signed up in 2021–2023. */
export const SAMPLE_DATASET_FILE = 'telecom-churn.csv';
/** A later monitoring batch (2024 signups) whose inputs drifted, with its outcomes in the same file. */
export const SAMPLE_BATCH_FILE = 'telecom-churn-batch-drifted.csv';

/** The columns each step of the tour names; resources/sample/README.md describes them all. */
export const SAMPLE_COLUMNS = {
  /** The binary target (true/false). */
  target: 'churned',
  /** Unique per customer; joins the batch to its outcomes. */
  id: 'customer_id',
  /** The out-of-time split's date column. */
  date: 'signup_date',
  /** The sensitive attribute for the fairness table. */
  sensitive: 'gender',
  /** Planted: one value in every row, so Explore raises a "constant" alert. */
  constant: 'country',
} as const;

/**
 * The folders that may hold the sample, most specific first: the packaged app's resources (electron-builder's
 * extraResources; `process.resourcesPath` exists only under Electron), then the repository's resources/sample —
 * two levels up both from this source file (tsx) and from the bundled main script in out/main/.
 */
export function sampleDataCandidates(): string[] {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  return [...(resources ? [join(resources, 'sample')] : []), fileURLToPath(new URL('../../resources/sample', import.meta.url))];
}

/** The first folder that holds the sample's training table; NOT_FOUND (naming the places looked) when none does. */
export function sampleDataDir(candidates: string[] = sampleDataCandidates()): string {
  const found = candidates.find((dir) => existsSync(join(dir, SAMPLE_DATASET_FILE)));
  if (!found) throw new GyreError('NOT_FOUND', `The sample data is missing from this installation (looked in ${candidates.join(', ')}).`, { file: SAMPLE_DATASET_FILE });
  return found;
}

/** Absolute paths of the sample's two files. */
export function sampleDataFiles(dir: string = sampleDataDir()): { dataset: string; batch: string } {
  return { dataset: join(dir, SAMPLE_DATASET_FILE), batch: join(dir, SAMPLE_BATCH_FILE) };
}
