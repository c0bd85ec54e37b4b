/** How datasets read in the UI: sizes, lineage in a phrase, and each semantic type's short label. */
import type { DatasetVersion, SemanticType } from '@contract';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "from customers.csv (12.4 KB, sha256 3f2a…)", or the versions it was derived from. */
export function lineage(version: DatasetVersion): string {
  if (version.source) {
    const { name, size, sha256 } = version.source;
    return `from ${name} (${formatBytes(size)}, sha256 ${sha256.slice(0, 4)}…)`;
  }
  if (version.parentIds.length > 0) return `${version.operation} of ${version.parentIds.length} earlier version${version.parentIds.length > 1 ? 's' : ''}`;
  return version.operation;
}

export function shape(version: DatasetVersion): string {
  return `${version.rowCount.toLocaleString()} rows × ${version.columnCount.toLocaleString()} columns`;
}

export const TYPE_INFO: Record<SemanticType, { label: string; short: string; color: string; numeric: boolean }> = {
  integer: { label: 'Integer', short: 'int', color: 'blue', numeric: true },
  float: { label: 'Float', short: 'float', color: 'cyan', numeric: true },
  boolean: { label: 'Boolean', short: 'bool', color: 'grape', numeric: false },
  categorical: { label: 'Categorical', short: 'cat', color: 'orange', numeric: false },
  text: { label: 'Text', short: 'text', color: 'gray', numeric: false },
  datetime: { label: 'Date/time', short: 'date', color: 'teal', numeric: false },
  identifier: { label: 'Identifier', short: 'id', color: 'pink', numeric: false },
};

/** Accepted by the file picker and the drop targets. */
export const IMPORT_ACCEPT = '.csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet';

export function fileStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}
