/** The import wizard's preview: dialect, types and first rows of a file, read in a worker like every file read. */
import type { ImportPreview, ReadOptions } from '../../contract/datasets';
import { withDuck } from '../../data/duck';
import { previewImport } from '../../data/importer';

export interface PreviewInput {
  path: string;
  ref: string;
  fileName: string;
  options: ReadOptions;
}

export function previewDataset(input: PreviewInput): Promise<ImportPreview> {
  return withDuck((duck) => previewImport(duck, input.path, input.ref, input.fileName, input.options));
}
