/** What each kind of job changes when it succeeds, so hosts can tell the UI which caches to refresh. */
import type { Entity } from '../contract/procedure';
import type { JobKind } from '../contract/jobs';

export const TASK_TOUCHES: Record<JobKind, readonly Entity[]> = {
  'dataset.import': ['datasets'],
  'dataset.profile': ['profiles'],
  'dataset.combine': ['datasets'],
  'model.train': ['runs'],
  'model.tune': ['studies', 'runs'],
  'model.evaluate': ['evaluations'],
  'model.import': ['runs'],
  // Writes outside the workspace only: no cached query changes.
  'bundle.export': ['bundles'],
  // A new dataset version holding the scored rows.
  'model.predict': ['datasets'],
  // Writes a file outside the workspace only.
  'dataset.export': [],
  'model.shadow': ['shadow'],
  // A new dataset version and the recipe's application record.
  'recipe.apply': ['datasets', 'recipes'],
  // A synthetic dataset version and its quality report.
  'dataset.synthesize': ['datasets', 'synthetic'],
  // The labeling queue's order (active learning).
  'labels.rank': ['labels'],
  // A dataset version holding the labels.
  'labels.export': ['datasets'],
  // A batch's drift and performance report, and the alerts it raised.
  'monitor.batch': ['monitor'],
  // Its result is the comparison; nothing is stored.
  'monitor.compare': [],
  // A charter version, a merged dataset version (and the recipe's output on it), the alert's iteration.
  'monitor.iterate': ['monitor', 'charters', 'datasets', 'recipes'],
  // Writes the archive file only.
  'project.export': [],
  // A whole project: every kind of record it holds.
  'project.import': ['projects', 'charters', 'datasets', 'profiles', 'runs', 'studies', 'evaluations', 'models', 'bundles', 'shadow', 'recipes', 'labels', 'synthetic', 'monitor'],
};
