/**
 * Which rows of the workspace database belong to a project, in the order an import inserts them (parents first), and
 * how each table's rows are told apart when a merge meets rows the workspace already has.
 *
 * Every table of the schema is either listed here or in WORKSPACE_TABLES; a test keeps it so, so a migration that
 * adds a table cannot leave it out of archives unnoticed.
 */

/** What a merge does with an incoming row that collides with a different row on a unique key. */
export type Collision =
  /** The same thing made on both sides under another identity (a dataset named alike): the incoming one becomes the existing one. */
  | 'alias'
  /** A version number taken on this side: the incoming version gets the next free number. */
  | 'renumber'
  /** One per key and the workspace has it: keep the workspace's. */
  | 'keep';

export interface ArchiveTable {
  name: string;
  /** Selects the project's rows; `@p` is the project id. */
  where: string;
  /** Columns that identify a row across workspaces: the primary key, or the natural key of autoincrement tables. */
  key: readonly string[];
  /** An INTEGER PRIMARY KEY AUTOINCREMENT column: not carried, the importing database numbers the rows. */
  autoId?: string;
  /** Unique keys besides `key`, and what a merge does on a collision. */
  unique?: readonly { columns: readonly string[]; collision: Collision }[];
  /** Columns naming objects of the store. */
  objects?: readonly string[];
}

const inDatasets = `SELECT id FROM datasets WHERE project_id = @p`;
const inVersions = `SELECT id FROM dataset_versions WHERE dataset_id IN (${inDatasets})`;
const inRuns = `SELECT id FROM runs WHERE project_id = @p`;
const inModelVersions = `SELECT id FROM model_versions WHERE model_id IN (SELECT id FROM models WHERE project_id = @p)`;
const inLabelSessions = `SELECT id FROM label_sessions WHERE project_id = @p`;
const byProject = 'project_id = @p';

/** Parents before children: the order rows are inserted on import. `jobs` comes first; its rows are chosen by export-rows.ts. */
export const ARCHIVE_TABLES: readonly ArchiveTable[] = [
  { name: 'projects', where: 'id = @p', key: ['id'] },
  { name: 'jobs', where: byProject, key: ['id'] },
  { name: 'charter_versions', where: byProject, key: ['project_id', 'version'] },
  { name: 'datasets', where: byProject, key: ['id'], unique: [{ columns: ['project_id', 'name_key'], collision: 'alias' }] },
  { name: 'dataset_versions', where: `dataset_id IN (${inDatasets})`, key: ['id'], unique: [{ columns: ['dataset_id', 'version'], collision: 'renumber' }], objects: ['object_sha256'] },
  { name: 'profiles', where: `version_id IN (${inVersions})`, key: ['version_id', 'target'], objects: ['object_sha256'] },
  { name: 'splits', where: `version_id IN (${inVersions})`, key: ['id'], unique: [{ columns: ['version_id', 'membership_hash'], collision: 'alias' }] },
  { name: 'runs', where: byProject, key: ['id'], objects: ['onnx_sha256'] },
  { name: 'run_curves', where: `run_id IN (${inRuns})`, key: ['run_id', 'name'] },
  { name: 'run_evaluations', where: `run_id IN (${inRuns})`, key: ['run_id'] },
  { name: 'studies', where: byProject, key: ['id'] },
  { name: 'trials', where: `study_id IN (SELECT id FROM studies WHERE project_id = @p)`, key: ['study_id', 'number'] },
  { name: 'evaluations', where: byProject, key: ['id'] },
  { name: 'models', where: byProject, key: ['id'], unique: [{ columns: ['project_id', 'name'], collision: 'alias' }] },
  { name: 'model_versions', where: `model_id IN (SELECT id FROM models WHERE project_id = @p)`, key: ['id'], unique: [{ columns: ['model_id', 'version'], collision: 'renumber' }] },
  { name: 'model_events', where: `version_id IN (${inModelVersions})`, key: ['version_id', 'at', 'action'], autoId: 'id' },
  { name: 'model_card_sections', where: `version_id IN (${inModelVersions})`, key: ['version_id', 'section'] },
  { name: 'bundles', where: byProject, key: ['id'] },
  { name: 'try_references', where: `run_id IN (${inRuns})`, key: ['run_id'], objects: ['object_sha256'] },
  { name: 'shadow_reports', where: byProject, key: ['id'], objects: ['object_sha256'] },
  { name: 'recipes', where: byProject, key: ['id'], unique: [{ columns: ['project_id', 'name_key'], collision: 'alias' }] },
  { name: 'recipe_versions', where: `recipe_id IN (SELECT id FROM recipes WHERE project_id = @p)`, key: ['id'], unique: [{ columns: ['recipe_id', 'version'], collision: 'renumber' }] },
  { name: 'recipe_applications', where: `recipe_version_id IN (SELECT id FROM recipe_versions WHERE recipe_id IN (SELECT id FROM recipes WHERE project_id = @p))`, key: ['id'] },
  { name: 'label_sessions', where: byProject, key: ['id'], unique: [{ columns: ['version_id', 'target'], collision: 'alias' }] },
  { name: 'labels', where: `session_id IN (${inLabelSessions})`, key: ['session_id', 'row_index', 'labeler', 'action', 'created_at'], autoId: 'id' },
  { name: 'label_rankings', where: `session_id IN (${inLabelSessions})`, key: ['id'], objects: ['object_sha256'] },
  { name: 'synthetic_reports', where: byProject, key: ['id'], unique: [{ columns: ['version_id'], collision: 'keep' }], objects: ['object_sha256'] },
  { name: 'monitor_settings', where: byProject, key: ['project_id'] },
  { name: 'monitor_rules', where: byProject, key: ['id'] },
  { name: 'monitor_batches', where: byProject, key: ['id'], objects: ['rows_sha256', 'report_sha256'] },
  { name: 'monitor_alerts', where: byProject, key: ['id'] },
];

/** Tables that belong to the workspace, not to a project: never archived. `objects` travels as the files themselves. */
export const WORKSPACE_TABLES = ['settings', 'objects', 'schema_migrations', 'sqlite_sequence'] as const;

/** Tables of a database that neither list names: a schema change the archive does not know how to carry. */
export function uncoveredTables(tableNames: readonly string[]): string[] {
  const known = new Set<string>([...ARCHIVE_TABLES.map((t) => t.name), ...WORKSPACE_TABLES]);
  return tableNames.filter((n) => !known.has(n));
}

/** Identities Gyre makes ("dv_3f9c…", "prj_k2m…"): what a copy renames, wherever a row mentions them. */
export const ID_PATTERN = /\b[a-z]{2,4}_[0-9A-Za-z]{8,32}\b/g;
