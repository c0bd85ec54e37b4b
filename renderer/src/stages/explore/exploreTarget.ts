/** Which target column Explore profiles against, before and after the learner chooses one. */

/**
 * `chosen`: the column chosen for this dataset ('' for "No target"), null when none was ever chosen. Unchosen, the
 * charter's target is the default when the version has that column — unless the version was profiled without a
 * target and not yet with the charter's, so an existing profile is what the page opens on.
 */
export function pickTarget(chosen: string | null, charterTarget: string | undefined, columns: readonly string[], profiled: { plain: boolean; charter: boolean }): string {
  if (chosen !== null) return columns.includes(chosen) ? chosen : '';
  if (!charterTarget || !columns.includes(charterTarget)) return '';
  return profiled.plain && !profiled.charter ? '' : charterTarget;
}
