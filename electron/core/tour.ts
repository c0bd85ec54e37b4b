/**
 * The guided tour's state: which sample project it works in, the steps the learner skipped, the step gone back to, and
 * whether it runs — one JSON value in the settings table. Whether a step is done is read from the records (tour-progress.ts).
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { GyreError } from '../contract/errors';
import { TOUR_PROJECT_NAME, TOUR_STEP_IDS, type TourAction, type TourState, type TourStepId } from '../contract/tour';
import type { ProjectService } from './projects';
import { sampleDataDir } from './sample-data';
import { tourEvidence } from './tour-progress';

const SETTING = 'tour';

const TourRecord = z.object({
  status: z.enum(['running', 'paused', 'dismissed']),
  /** The sample project; null when the tour was dismissed before it ever started. */
  projectId: z.string().nullable(),
  skipped: z.array(z.enum(TOUR_STEP_IDS)),
  /**
   * The step gone back or jumped to, shown instead of the first open one. One that was not done then is left as soon
   * as its work is done; one that was done stays until the learner moves on (skip).
   */
  shown: z.object({ step: z.enum(TOUR_STEP_IDS), wasDone: z.boolean() }).nullable(),
});
type TourRecord = z.infer<typeof TourRecord>;

const DESCRIPTION = 'The guided tour’s sample: 4,000 telecom customers and whether they cancelled (synthetic data shipped with Gyre).';

export class TourService {
  constructor(
    private readonly db: Database,
    private readonly projects: ProjectService,
  ) {}

  state(): TourState {
    const record = this.read();
    const projectId = this.liveProject(record);
    const evidence = tourEvidence(this.db, projectId);
    const skipped = new Set(projectId ? record!.skipped : []);
    const steps = TOUR_STEP_IDS.map((id) => ({ id, done: evidence[id] !== null, skipped: skipped.has(id) && evidence[id] === null, evidence: evidence[id] }));
    const shown = projectId ? this.liveShown(record!, evidence) : null;
    const current = shown ?? steps.find((s) => !s.done && !s.skipped)?.id ?? null;
    return { status: this.status(record, projectId, current), projectId, current, steps };
  }

  /** Continues in the tour's project, or makes a new sample project when it has none (or it was archived). */
  start(): TourState {
    const record = this.read();
    const projectId = this.liveProject(record);
    if (!projectId) return this.begin();
    this.projects.open(projectId);
    return this.write({ ...record!, status: 'running' });
  }

  update(action: TourAction, step?: TourStepId): TourState {
    const record = this.read();
    if (action === 'dismiss') return this.write({ ...(record ?? { projectId: null, skipped: [], shown: null }), status: 'dismissed' });
    if (action === 'restart') return this.begin();
    if (!record || !this.liveProject(record)) {
      throw new GyreError('VALIDATION', 'The tour has no sample project: start it from Help → Take the tour.', { field: 'action' });
    }
    const state = this.state();
    switch (action) {
      case 'pause':
        return this.write({ ...record, status: 'paused' });
      case 'resume':
        return this.write({ ...record, status: 'running' });
      case 'skip': {
        const target = step ?? state.current;
        if (!target) throw new GyreError('VALIDATION', 'Every step is done or skipped: there is nothing left to skip.', { field: 'step' });
        const done = state.steps.find((s) => s.id === target)!.done;
        const shown = record.shown?.step === target ? null : record.shown;
        return this.write({ ...record, skipped: done ? record.skipped : [...new Set([...record.skipped, target])], shown });
      }
      case 'back': {
        const at = state.current ? TOUR_STEP_IDS.indexOf(state.current) : TOUR_STEP_IDS.length;
        if (at === 0) throw new GyreError('VALIDATION', 'This is the first step: there is none before it.', { field: 'action' });
        return this.show(record, state, TOUR_STEP_IDS[at - 1]!);
      }
      case 'goto':
        if (!step) throw new GyreError('VALIDATION', 'Say which step to go to.', { field: 'step' });
        return this.show(record, state, step);
      default: {
        const unknown: never = action;
        throw new GyreError('VALIDATION', `Unknown tour action "${String(unknown)}".`, { field: 'action' });
      }
    }
  }

  /** The tour's live project: what the sample's import and batch go into. */
  projectId(): string {
    const projectId = this.liveProject(this.read());
    if (!projectId) throw new GyreError('VALIDATION', 'Start the tour first (Help → Take the tour): it works in its own sample project.', { field: 'projectId' });
    return projectId;
  }

  /** A fresh sample project, from the first step. */
  private begin(): TourState {
    sampleDataDir(); // NOT_FOUND now, naming where it looked, rather than at the import step
    this.db.transaction(() => {
      const project = this.projects.create(this.freeName(), DESCRIPTION);
      this.projects.open(project.id);
      this.save({ status: 'running', projectId: project.id, skipped: [], shown: null });
    })();
    return this.state();
  }

  private show(record: TourRecord, state: TourState, step: TourStepId): TourState {
    const done = state.steps.find((s) => s.id === step)!.done;
    return this.write({ ...record, skipped: record.skipped.filter((s) => s !== step), shown: { step, wasDone: done } });
  }

  private status(record: TourRecord | null, projectId: string | null, current: TourStepId | null): TourState['status'] {
    if (!record) return this.db.prepare('SELECT count(*) FROM projects').pluck().get() === 0 ? 'offered' : 'not_offered';
    if (record.status === 'dismissed') return 'dismissed';
    if (!projectId) return 'not_offered';
    return current === null ? 'finished' : record.status;
  }

  private liveShown(record: TourRecord, evidence: Record<TourStepId, string | null>): TourStepId | null {
    if (!record.shown) return null;
    return !record.shown.wasDone && evidence[record.shown.step] !== null ? null : record.shown.step;
  }

  private liveProject(record: TourRecord | null): string | null {
    if (!record?.projectId) return null;
    const project = this.db.prepare('SELECT archived_at FROM projects WHERE id = ?').get(record.projectId) as { archived_at: string | null } | undefined;
    return project && project.archived_at === null ? record.projectId : null;
  }

  /** "Telecom churn (sample)", or "(sample 2)", "(sample 3)"… when a project has the name (archived ones keep theirs). */
  private freeName(): string {
    const taken = (name: string) => this.db.prepare('SELECT 1 FROM projects WHERE name_key = ?').get(name.toLocaleLowerCase('en')) !== undefined;
    let name = TOUR_PROJECT_NAME;
    for (let n = 2; taken(name); n++) name = TOUR_PROJECT_NAME.replace(/\)$/, ` ${n})`);
    return name;
  }

  /** A value that does not parse (written by hand, or by a newer Gyre) reads as a tour never started. */
  private read(): TourRecord | null {
    const value = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SETTING) as string | undefined;
    if (value === undefined) return null;
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      return null;
    }
    const parsed = TourRecord.safeParse(json);
    return parsed.success ? parsed.data : null;
  }

  private save(record: TourRecord): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SETTING, JSON.stringify(record));
  }

  private write(record: TourRecord): TourState {
    this.save(record);
    return this.state();
  }
}
