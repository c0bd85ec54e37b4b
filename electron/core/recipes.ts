/** Recipe store: recipes and their immutable versions (steps as JSON), and where each version was applied. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { Recipe, RecipeApplication, RecipeDetail, RecipeStep, RecipeVersion, StepReport } from '../contract/recipes';

interface DbRecipe {
  id: string;
  project_id: string;
  name: string;
  created_at: string;
}

interface DbRecipeVersion {
  id: string;
  recipe_id: string;
  version: number;
  steps: string;
  drafted_on_version_id: string | null;
  created_at: string;
}

interface DbApplication {
  id: string;
  recipe_version_id: string;
  recipe_version: number;
  input_version_id: string;
  output_version_id: string;
  input_label: string;
  output_label: string;
  output_dataset_id: string;
  report: string;
  created_at: string;
}

/** Applications with their recipe version and the dataset versions' names. */
const APPLICATIONS = `SELECT a.*, v.version AS recipe_version,
    di.name || ' v' || vi.version AS input_label, dso.name || ' v' || vo.version AS output_label, dso.id AS output_dataset_id
  FROM recipe_applications a JOIN recipe_versions v ON v.id = a.recipe_version_id
  JOIN dataset_versions vi ON vi.id = a.input_version_id JOIN datasets di ON di.id = vi.dataset_id
  JOIN dataset_versions vo ON vo.id = a.output_version_id JOIN datasets dso ON dso.id = vo.dataset_id`;

const nameKey = (name: string) => name.trim().toLocaleLowerCase('en');
const newId = (prefix: string) => prefix + randomBytes(8).toString('hex');

function toVersion(r: DbRecipeVersion): RecipeVersion {
  return { id: r.id, recipeId: r.recipe_id, version: r.version, steps: JSON.parse(r.steps) as RecipeStep[], draftedOnVersionId: r.drafted_on_version_id, createdAt: r.created_at };
}

function toApplication(r: DbApplication): RecipeApplication {
  return {
    id: r.id,
    recipeVersionId: r.recipe_version_id,
    recipeVersion: r.recipe_version,
    inputVersionId: r.input_version_id,
    outputVersionId: r.output_version_id,
    inputLabel: r.input_label,
    outputLabel: r.output_label,
    outputDatasetId: r.output_dataset_id,
    steps: JSON.parse(r.report) as StepReport[],
    createdAt: r.created_at,
  };
}

/** `clean`, `clean@2`, or a recipe id: the name and the version asked for (undefined: the latest). */
export function parseRecipeRef(ref: string): { name: string; version: number | undefined } {
  const at = ref.lastIndexOf('@');
  if (at <= 0) return { name: ref, version: undefined };
  const v = ref.slice(at + 1);
  if (!/^\d+$/.test(v)) throw new GyreError('VALIDATION', `"${ref}": the part after @ must be a version number, e.g. clean@2.`, { field: 'recipe' });
  return { name: ref.slice(0, at), version: Number(v) };
}

export class RecipeStore {
  constructor(private readonly db: Database) {}

  list(projectId: string): Recipe[] {
    const rows = this.db.prepare('SELECT * FROM recipes WHERE project_id = ? ORDER BY created_at DESC').all(projectId) as DbRecipe[];
    return rows.map((r) => this.summarize(r));
  }

  /** By name or id, every version newest first; `name@V` narrows `versions` to that one version. */
  get(projectId: string, ref: string): RecipeDetail {
    const { name, version } = parseRecipeRef(ref);
    const r = this.db.prepare('SELECT * FROM recipes WHERE project_id = ? AND (id = ? OR name_key = ?)').get(projectId, name, nameKey(name)) as DbRecipe | undefined;
    if (!r) throw new GyreError('NOT_FOUND', `This project has no recipe named "${name}".`, { field: 'recipe' });
    const versions = (this.db.prepare('SELECT * FROM recipe_versions WHERE recipe_id = ? ORDER BY version DESC').all(r.id) as DbRecipeVersion[]).map(toVersion);
    const chosen = version === undefined ? versions : versions.filter((v) => v.version === version);
    if (chosen.length === 0) throw new GyreError('NOT_FOUND', `Recipe "${r.name}" has no version ${version}.`, { field: 'recipe' });
    const applications = (
      this.db
        .prepare(`${APPLICATIONS} WHERE v.recipe_id = ? ORDER BY a.created_at DESC`)
        .all(r.id) as DbApplication[]
    ).map(toApplication);
    return { ...this.summarize(r), versions: chosen, applications };
  }

  /** The version a reference names: the one asked for, or the latest. */
  version(projectId: string, ref: string): { recipe: Recipe; version: RecipeVersion } {
    const detail = this.get(projectId, ref);
    const { versions: _versions, applications: _applications, ...recipe } = detail;
    return { recipe, version: detail.versions[0]! };
  }

  /**
   * The steps as the recipe's next version (the recipe is created on first save). Steps equal to the latest version's
   * return that version; a save based on an older version than the latest is refused, so no edit is lost silently.
   */
  save(s: { projectId: string; name: string; steps: RecipeStep[]; draftedOnVersionId?: string | undefined; expectedVersion?: number | undefined }): RecipeVersion {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      let r = this.db.prepare('SELECT * FROM recipes WHERE project_id = ? AND name_key = ?').get(s.projectId, nameKey(s.name)) as DbRecipe | undefined;
      if (!r) {
        r = { id: newId('rcp_'), project_id: s.projectId, name: s.name.trim(), created_at: now };
        this.db.prepare('INSERT INTO recipes (id, project_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)').run(r.id, r.project_id, r.name, nameKey(r.name), now);
      }
      const latest = this.db.prepare('SELECT * FROM recipe_versions WHERE recipe_id = ? ORDER BY version DESC LIMIT 1').get(r.id) as DbRecipeVersion | undefined;
      const steps = JSON.stringify(s.steps);
      if (latest && latest.steps === steps) return toVersion(latest);
      if (s.expectedVersion === 0 && latest) {
        throw new GyreError('CONFLICT', `A recipe named "${r.name}" exists already (version ${latest.version}). Open it to change it, or give this one another name.`, { field: 'name', latest: latest.version });
      }
      if (s.expectedVersion !== undefined && (latest?.version ?? 0) !== s.expectedVersion) {
        throw new GyreError(
          'CONFLICT',
          `Recipe "${r.name}" was saved as version ${latest?.version ?? 0} since you started from version ${s.expectedVersion}. Reload it to see those changes, or save under another name.`,
          { field: 'expectedVersion', latest: latest?.version ?? 0 },
        );
      }
      const id = newId('rcv_');
      this.db
        .prepare('INSERT INTO recipe_versions (id, recipe_id, version, steps, drafted_on_version_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, r.id, (latest?.version ?? 0) + 1, steps, s.draftedOnVersionId ?? null, now);
      return toVersion(this.db.prepare('SELECT * FROM recipe_versions WHERE id = ?').get(id) as DbRecipeVersion);
    })();
  }

  /** Records a run of a recipe version; call it in the transaction that adds the output dataset version. */
  recordApplication(a: { recipeVersionId: string; inputVersionId: string; outputVersionId: string; steps: StepReport[]; jobId: string | null }): RecipeApplication {
    const id = newId('rca_');
    this.db
      .prepare('INSERT INTO recipe_applications (id, recipe_version_id, input_version_id, output_version_id, report, job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, a.recipeVersionId, a.inputVersionId, a.outputVersionId, JSON.stringify(a.steps), a.jobId, new Date().toISOString());
    return this.application(id);
  }

  application(id: string): RecipeApplication {
    const row = this.db
      .prepare(`${APPLICATIONS} WHERE a.id = ?`)
      .get(id) as DbApplication | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No recipe application ${id}.`);
    return toApplication(row);
  }

  private summarize(r: DbRecipe): Recipe {
    const latest = toVersion(this.db.prepare('SELECT * FROM recipe_versions WHERE recipe_id = ? ORDER BY version DESC LIMIT 1').get(r.id) as DbRecipeVersion);
    const n = this.db.prepare('SELECT count(*) FROM recipe_versions WHERE recipe_id = ?').pluck().get(r.id) as number;
    return { id: r.id, projectId: r.project_id, name: r.name, createdAt: r.created_at, latest, versionCount: n };
  }
}
