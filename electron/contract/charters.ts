/** The project charter (Plan stage): what problem, how it is framed, what success means, what constrains it. */
import { z } from 'zod';
import { procedure } from './procedure';
import { ProjectId } from './projects';
import { DIRECTIONS, METRIC_INFO, METRICS, ROLES, TASKS, USAGES, metricFitsTask } from './charter-vocabulary';

const text = (max: number) => z.string().trim().max(max);

export const Stakeholder = z.object({
  name: text(200).min(1, 'Give the person or team a name.'),
  role: z.enum(ROLES),
});

export const SuccessCriterion = z.object({
  metric: z.enum(METRICS),
  direction: z.enum(DIRECTIONS),
  /** The minimum acceptable value: below it (or above, for lower-is-better) the model does not ship. */
  acceptable: z.number().finite(),
  /** The value the team aims for. */
  target: z.number().finite(),
});

export const SensitiveAttribute = z.object({
  name: text(200).min(1, 'Name the sensitive attribute (a column or a concept).'),
  /** Largest allowed difference between groups, e.g. 0.1 for a 10-point demographic parity gap. */
  maxDisparity: z.number().min(0, 'A disparity limit cannot be negative.').max(1, 'A disparity limit is a fraction between 0 and 1.'),
});

export const Risk = z.object({
  risk: text(1000).min(1, 'Describe the risk.'),
  mitigation: text(1000).default(''),
});

export const CharterContent = z
  .object({
    problem: text(5000).min(1, 'Describe the problem this project solves.'),
    objective: text(5000).default(''),
    stakeholders: z.array(Stakeholder).max(50).default([]),
    task: z.enum(TASKS),
    target: text(1000).default(''),
    predictionUnit: text(500).default(''),
    usage: z.enum(USAGES).default('batch'),
    successCriteria: z.array(SuccessCriterion).min(1, 'Add at least one success criterion.').max(30),
    constraints: z
      .object({
        interpretabilityRequired: z.boolean().default(false),
        sensitiveAttributes: z.array(SensitiveAttribute).max(50).default([]),
        privacyNotes: text(5000).default(''),
        risks: z.array(Risk).max(50).default([]),
        retrainingTrigger: text(1000).default(''),
      })
      .default({ interpretabilityRequired: false, sensitiveAttributes: [], privacyNotes: '', risks: [], retrainingTrigger: '' }),
  })
  .superRefine((charter, ctx) => {
    const seen = new Set<string>();
    charter.successCriteria.forEach((c, i) => {
      const info = METRIC_INFO[c.metric];
      const at = (field: string) => ['successCriteria', i, field];
      if (!metricFitsTask(c.metric, charter.task)) {
        ctx.addIssue({ code: 'custom', path: at('metric'), message: `${info.label} does not measure a ${charter.task.replace(/_/g, ' ')} model.` });
      }
      if (seen.has(c.metric)) ctx.addIssue({ code: 'custom', path: at('metric'), message: `${info.label} is listed twice.` });
      seen.add(c.metric);
      for (const field of ['acceptable', 'target'] as const) {
        const v = c[field];
        if (info.min !== undefined && v < info.min) ctx.addIssue({ code: 'custom', path: at(field), message: `${info.label} cannot be below ${info.min}.` });
        if (info.max !== undefined && v > info.max) ctx.addIssue({ code: 'custom', path: at(field), message: `${info.label} cannot be above ${info.max}.` });
      }
      const targetIsBetter = c.direction === 'higher' ? c.target >= c.acceptable : c.target <= c.acceptable;
      if (!targetIsBetter) {
        const word = c.direction === 'higher' ? 'at least' : 'at most';
        ctx.addIssue({ code: 'custom', path: at('target'), message: `The target for ${info.label} must be ${word} the acceptable value (${c.acceptable}).` });
      }
    });
  });

export type CharterContent = z.infer<typeof CharterContent>;
/** What a form holds before defaults are applied. */
export type CharterContentInput = z.input<typeof CharterContent>;
export type SuccessCriterion = z.infer<typeof SuccessCriterion>;

export interface CharterVersion {
  projectId: string;
  version: number;
  content: CharterContent;
  /** Optional one-line note on what changed. */
  note: string;
  createdAt: string;
}

export type CharterVersionSummary = Omit<CharterVersion, 'content'>;

/** One changed leaf of the charter between two versions; `path` is dotted (e.g. `successCriteria.1.target`). */
export interface CharterChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface CharterDiff {
  projectId: string;
  from: number;
  to: number;
  changes: CharterChange[];
}

const Version = z.number().int().min(1);

export const charterProcedures = {
  /** The latest charter version, or a given one; null when the project has no charter yet. */
  'charters.get': procedure(z.object({ projectId: ProjectId, version: Version.optional() })).query<CharterVersion | null>(['charters']),
  /**
   * Saves a new version. `basedOnVersion` is the version the editor started from (null for the first);
   * if someone saved in between, the call fails with CONFLICT instead of silently overwriting their work.
   */
  'charters.save': procedure(
    z.object({
      projectId: ProjectId,
      content: CharterContent,
      basedOnVersion: Version.nullable(),
      note: z.string().trim().max(500).default(''),
    }),
  ).mutation<CharterVersion>(['charters', 'projects']),
  /** Every version, newest first. */
  'charters.history': procedure(z.object({ projectId: ProjectId })).query<CharterVersionSummary[]>(['charters']),
  'charters.diff': procedure(z.object({ projectId: ProjectId, from: Version, to: Version })).query<CharterDiff>(['charters']),
};
