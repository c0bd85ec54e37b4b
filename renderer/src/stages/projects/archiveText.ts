/** How archive figures read in the studio. */
export function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** Records added, and those the workspace already had, summed over tables. */
export function tally(counts: Record<string, number>): number {
  return Object.values(counts).reduce((s, n) => s + n, 0);
}
