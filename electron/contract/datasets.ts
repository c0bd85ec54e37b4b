/** Datasets (Data stage): files imported as immutable, versioned Parquet objects, with lineage. */
import { z } from 'zod';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ProjectId } from './projects';

/** What a column means to a data scientist, inferred on import and changeable before confirming. */
export const SEMANTIC_TYPES = ['integer', 'float', 'boolean', 'categorical', 'text', 'datetime', 'identifier'] as const;
export type SemanticType = (typeof SEMANTIC_TYPES)[number];

export const FILE_FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const ENCODINGS = ['utf-8', 'latin-1'] as const;

export const CsvOptions = z.object({
  delimiter: z.string().min(1).max(4),
  quote: z.string().max(1),
  header: z.boolean(),
  encoding: z.enum(ENCODINGS),
  decimalSeparator: z.enum(['.', ',']),
  /** Skip rows that do not parse (ragged, bad quotes) instead of failing; the count is reported. */
  skipBadRows: z.boolean(),
});
export type CsvOptions = z.infer<typeof CsvOptions>;

/**
 * A file to import: an absolute path (desktop app, CLI) or `upload:<id>/<name>` for a file the browser host received.
 * The browser host accepts only uploads.
 */
export const FileRef = z.string().trim().min(1, 'Choose a file to import.').max(4096);

export const ReadOptions = z.object({
  format: z.enum(FILE_FORMATS).optional(),
  csv: CsvOptions.partial().optional(),
  /** Column name → the type the user chose; columns not named keep the inferred type. */
  types: z.record(z.string(), z.enum(SEMANTIC_TYPES)).optional(),
});
export type ReadOptions = z.infer<typeof ReadOptions>;

export interface ColumnSchema {
  name: string;
  semanticType: SemanticType;
  /** The Parquet/DuckDB storage type, e.g. BIGINT, DOUBLE, VARCHAR, TIMESTAMP. */
  storageType: string;
}

export interface ImportPreview {
  file: { ref: string; name: string; size: number };
  format: FileFormat;
  /** The dialect sniffed (or given) for CSV/TSV; null for other formats. */
  csv: CsvOptions | null;
  columns: ColumnSchema[];
  /** The first rows, as they will be stored. */
  rows: unknown[][];
  /** Duplicate or empty header names and what they were renamed to. */
  renamed: { from: string; to: string }[];
  warnings: string[];
}

export interface DatasetVersion {
  id: string;
  datasetId: string;
  version: number;
  rowCount: number;
  columnCount: number;
  columns: ColumnSchema[];
  objectSha256: string;
  /** Lineage: the file it came from… */
  source: { name: string; size: number; sha256: string } | null;
  /** …or the versions it was made from, and how. */
  operation: string;
  parentIds: string[];
  readOptions: ReadOptions;
  createdAt: string;
}

export interface Dataset {
  id: string;
  projectId: string;
  name: string;
  createdAt: string;
  latest: DatasetVersion | null;
  versionCount: number;
}

export interface DatasetDetail extends Dataset {
  versions: DatasetVersion[];
}

export interface ImportResult {
  datasetId: string;
  versionId: string;
  version: number;
  /** True when the same bytes had been imported with the same options before: the existing version is returned. */
  deduplicated: boolean;
  skippedRows: number;
  renamed: { from: string; to: string }[];
  /** What the import changed on its own, in sentences: renamed columns, a column stored as text after a later value broke its type. */
  warnings: string[];
}

export const RowFilter = z.object({
  column: z.string(),
  op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'is_missing', 'not_missing']),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type RowFilter = z.infer<typeof RowFilter>;

export interface RowPage {
  columns: ColumnSchema[];
  /** Row-major values; null marks a missing value. Dates are ISO strings, big integers numbers. */
  rows: unknown[][];
  offset: number;
  /** Rows matching the filters. */
  total: number;
}

const DatasetRef = z.string().trim().min(1).max(200);

export const CombineInput = z.discriminatedUnion('operation', [
  z.object({
    projectId: ProjectId,
    /** Stack the rows of versions whose columns have the same names (any order). */
    operation: z.literal('append'),
    versionIds: z.array(z.string().min(1)).min(2, 'Append needs at least two dataset versions.').max(20),
    name: z.string().trim().min(1).max(200),
  }),
  z.object({
    projectId: ProjectId,
    /** Match the rows of two versions on key columns present in both. */
    operation: z.literal('join'),
    versionIds: z.tuple([z.string().min(1), z.string().min(1)]),
    keys: z.array(z.string().min(1)).min(1, 'Choose at least one key column.').max(10),
    how: z.enum(['inner', 'left']).default('inner'),
    name: z.string().trim().min(1).max(200),
  }),
]);
export type CombineInput = z.infer<typeof CombineInput>;

/** A dataset version written to a file for the tools outside Gyre; never over an existing file. */
export const ExportInput = z.object({
  versionId: z.string().min(1),
  format: z.enum(['csv', 'parquet']),
  /** An absolute path ending in .csv or .parquet, in a folder that exists. */
  out: z.string().trim().min(1, 'Say where to write the file.').max(4096),
});
export type ExportInput = z.input<typeof ExportInput>;

export interface ExportResult {
  path: string;
  format: 'csv' | 'parquet';
  rows: number;
  bytes: number;
}

export const datasetProcedures = {
  /** Reads the head of a file in a worker: sniffed dialect, inferred types and the first rows, for the import wizard. */
  'datasets.preview': procedure(z.object({ file: FileRef, options: ReadOptions.default({}) })).query<ImportPreview>([]),
  /** Starts an import job; the job's result is an ImportResult. */
  'datasets.import': procedure(
    z.object({
      projectId: ProjectId,
      file: FileRef,
      /** Dataset to add a version to, or to create; defaults to the file name without extension. */
      name: z.string().trim().min(1).max(200).optional(),
      options: ReadOptions.default({}),
    }),
  ).mutation<Job>(['jobs']),
  /** Starts a job that makes a new dataset version from others (append rows, or join on keys); lineage names the parents. */
  'datasets.combine': procedure(CombineInput).mutation<Job>(['jobs']),
  'datasets.list': procedure(z.object({ projectId: ProjectId })).query<Dataset[]>(['datasets']),
  /** By id or by name within the project; includes every version, newest first. */
  'datasets.get': procedure(z.object({ projectId: ProjectId, dataset: DatasetRef })).query<DatasetDetail>(['datasets']),
  /** A page of rows of one version, optionally sorted and filtered, for the data grid. */
  'datasets.rows': procedure(
    z.object({
      versionId: z.string().min(1),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      sort: z.object({ column: z.string(), descending: z.boolean().default(false) }).optional(),
      filters: z.array(RowFilter).max(20).default([]),
    }),
  ).query<RowPage>(['datasets']),
  /** Writes every row of a version to a CSV or Parquet file on this machine, as a job whose result is an ExportResult. */
  'datasets.export': procedure(ExportInput).mutation<Job>(['jobs']),
};
