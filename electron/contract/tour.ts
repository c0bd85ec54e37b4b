/**
 * The guided tour (first start, and Help → Take the tour): a sample project walked through every stage in order, doing
 * real work. The steps are data the renderer shows; whether a step is done is read from the project's records, never
 * from clicks, so work done outside the tour counts and a step cannot be "done" without its work.
 */
import { z } from 'zod';
import type { Job } from './jobs';
import { procedure } from './procedure';
import type { Stage } from './stages';

/** The sample project tour.start creates ("Telecom churn (sample 2)"… when the name is taken). */
export const TOUR_PROJECT_NAME = 'Telecom churn (sample)';

export const TOUR_STEP_IDS = [
  'plan-charter',
  'data-import',
  'explore-profile',
  'prepare-recipe',
  'train-split-baselines',
  'train-tune',
  'train-compare',
  'evaluate-report',
  'deploy-register-promote',
  'deploy-bundle-try',
  'monitor-batch',
  'monitor-alert',
  'monitor-next-iteration',
] as const;
export type TourStepId = (typeof TOUR_STEP_IDS)[number];

export interface TourStep {
  id: TourStepId;
  /** The stage the step is about (its badge). */
  stage: Stage;
  /** The stage page where the step's first control is, when it is another stage's (Prepare starts from Explore's alerts). */
  page?: Stage;
  title: string;
  /** What the stage is for (one or two short sentences). */
  what: string;
  /** Why it matters (one or two short sentences). */
  why: string;
  /** What to do now, naming the control by its visible label. */
  action: string;
  /** The `data-tour` anchor of the control to highlight. */
  target: string;
  /**
   * A second control the step takes: inside the dialog `target` opens (then only it is ringed, the dialog covering the
   * page), or beside `target` on the page (both are ringed).
   */
  then?: string;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'plan-charter',
    stage: 'plan',
    title: 'Write the charter',
    what: 'The charter says which problem the project solves and how every model will be judged: its success criteria.',
    why: 'Planning sets measurable success before any model exists, so the goal cannot quietly move once results come in. Every later stage is checked against these criteria.',
    action: 'In the charter wizard, add two success criteria — ROC AUC at least 0.75 (target 0.85) and recall at least 0.5 (target 0.7) — and press Save charter.',
    target: 'charter-wizard',
  },
  {
    id: 'data-import',
    stage: 'data',
    title: 'Import the sample data',
    what: 'Importing turns a file into a versioned dataset that never changes: here, 4,000 telecom customers and whether each one cancelled.',
    why: 'Every later result points back to the exact data version it came from, so any model can be traced and reproduced.',
    action: 'Press Import the sample file below to add telecom-churn.csv, shipped with Gyre (Import data does the same with your own files).',
    target: 'sample-button',
  },
  {
    id: 'explore-profile',
    stage: 'explore',
    title: 'Read the profile and its alerts',
    what: 'A profile summarizes every column — distributions, missing values, correlations — and raises alerts for what looks wrong.',
    why: 'Data quality decides model quality: a model trained on duplicated rows or useless columns learns those mistakes, and no algorithm undoes them.',
    action: 'Check that the Target column is churned (the charter\'s target) and press Compute profile; the next step reads the Alerts it raises.',
    target: 'compute-profile',
  },
  {
    id: 'prepare-recipe',
    stage: 'prepare',
    page: 'explore',
    title: 'Fix the alerts with a recipe',
    what: 'A recipe is a saved list of cleaning steps that makes a new dataset version from an old one, and can be replayed on new data.',
    why: 'Fixing data with recipe steps instead of by hand leaves the original untouched and makes the same fix repeatable when new data arrives.',
    action: 'In the profile\'s Alerts, country never changes and 24 rows are duplicates: use Fix in Prepare on each (each adds a step to a recipe), then press Save and apply… on the Prepare page to make the cleaned version.',
    target: 'fix-in-prepare',
    then: 'apply-recipe',
  },
  {
    id: 'train-split-baselines',
    stage: 'train',
    title: 'Train baselines, then a GBDT, on an out-of-time split',
    what: 'Training fits models on some rows and measures them on the rest; an out-of-time split keeps the latest signups for the test.',
    why: 'Baselines keep you honest: a model is only worth something if it clearly beats a trivial guess. Testing on the newest customers is how the model will be used — on people it has never seen.',
    action: 'Press Train models…, pick the cleaned version, set Split to Out-of-time with signup_date as the Date column, tick Boosted trees beside the baselines and press Start training.',
    target: 'train-wizard',
    then: 'split-time',
  },
  {
    id: 'train-tune',
    stage: 'train',
    title: 'Tune the GBDT',
    what: 'Tuning tries many settings of one model, scores each on a validation slice of the training rows, and trains the best one.',
    why: 'Default settings are rarely the best for your data. The test rows stay out of the search, so the final score is not flattered by it.',
    action: 'Click the Boosted trees run on the leaderboard, press Tune… in its details, give it a short time budget (a minute is plenty) and start tuning.',
    target: 'leaderboard',
    then: 'tune-button',
  },
  {
    id: 'train-compare',
    stage: 'train',
    title: 'Compare the runs',
    what: 'Comparing puts runs side by side on the same test rows: their metrics, settings and charts.',
    why: 'One number hides trade-offs; seeing the baseline, the default GBDT and the tuned one together shows what each gain is worth, and at what cost.',
    action: 'Tick two to four runs on the leaderboard and press Compare; then click the run you pick, write why in its Notes and press Save notes.',
    target: 'compare-button',
    then: 'run-notes',
  },
  {
    id: 'evaluate-report',
    stage: 'evaluate',
    title: 'Read the evaluation, fairness included',
    what: "An evaluation scores a run on rows it never saw, with confidence intervals, errors, explanations, a fairness table and the charter's success gate.",
    why: 'Evaluate on data the model never saw: scores on its training rows only show how well it memorized them. The fairness table shows whether it fails one group more often than another.',
    action: 'Press Evaluate a run…, pick the run you chose, make sure gender is checked for fairness (add it under Also check fairness across unless the charter names it) and press Evaluate; read the report down to its fairness table.',
    target: 'evaluate-run',
    then: 'fairness-select',
  },
  {
    // Registering and promoting are done from the evaluation report and the registry, on the Evaluate stage's page.
    id: 'deploy-register-promote',
    stage: 'evaluate',
    title: 'Register the model and promote it to production',
    what: 'The registry names a model, numbers its versions, and records every move from candidate to production: who, when and why.',
    why: 'Putting a model in production is a decision someone must be able to explain later: the success gate makes it deliberate, and overriding it takes a written reason.',
    action: 'Press Register as a model version… on the report and name it churn; then open the Model registry tab, press Change stage…, choose production and write your reason.',
    target: 'register-button',
    then: 'promote-button',
  },
  {
    id: 'deploy-bundle-try',
    stage: 'deploy',
    title: 'Export a bundle and try a prediction',
    what: 'A bundle is one folder with the model as ONNX, a prediction server, a batch scorer and the model card: it runs without Gyre.',
    why: 'A model only helps once it runs where decisions are made. Trying one row first shows what a caller sends and what comes back.',
    action: 'Press Export bundle… on the production version and export it; then press Try it…, change a value and press Predict.',
    target: 'export-bundle',
    then: 'try-it',
  },
  {
    id: 'monitor-batch',
    stage: 'monitor',
    title: 'Check a batch of production data',
    what: 'Monitoring compares each new batch of inputs with the training rows, and with the true outcomes once they are known.',
    why: 'Models degrade after deployment: customers, prices and competitors change while the model stays the same.',
    action: 'Press Check the sample batch below to check 600 customers who signed up in 2024, with their outcomes joined on customer_id (Add batch… does the same with your own files).',
    target: 'sample-button',
  },
  {
    id: 'monitor-alert',
    stage: 'monitor',
    title: 'Read the alerts',
    what: 'An alert is raised when a batch breaks a rule: a charter criterion missed, too many inputs drifting, predictions shifting.',
    why: 'Nobody watches charts every day; alerts tied to the charter say when the model no longer does the job it was approved for.',
    action: 'Read the Alerts — a critical one for ROC AUC below the charter\'s minimum, and drift alerts beside it — and Acknowledge one you are looking into, if you like.',
    target: 'alerts-list',
  },
  {
    id: 'monitor-next-iteration',
    stage: 'monitor',
    title: 'Start the next iteration',
    what: "The next iteration turns an alert into a new charter version and a dataset version that includes the batch's labeled rows, ready to train again.",
    why: 'The lifecycle is a loop: what monitoring learns goes back into planning and data, and the next model has to beat production on the same evidence.',
    action: 'Press Start next iteration… on the ROC AUC alert, read what it will do, and press Start next iteration.',
    target: 'next-iteration',
  },
];

/**
 * `not_offered`: never started (or its project is gone) in a workspace that has projects — Help → Take the tour starts
 * it. `offered`: never started in a workspace without projects (first start). `finished`: every step done or skipped.
 */
export const TOUR_STATUSES = ['not_offered', 'offered', 'running', 'paused', 'finished', 'dismissed'] as const;
export type TourStatus = (typeof TOUR_STATUSES)[number];

export interface TourStepState {
  id: TourStepId;
  /** Read from the project's records. */
  done: boolean;
  skipped: boolean;
  /** What shows the step is done, e.g. "charter v1 with 2 success criteria"; null while it is not. */
  evidence: string | null;
}

export interface TourState {
  status: TourStatus;
  /** The sample project the tour works in; null before it started, or once that project was archived. */
  projectId: string | null;
  /** The step to show: the one gone back or jumped to, else the first neither done nor skipped; null when none is left. */
  current: TourStepId | null;
  steps: TourStepState[];
}

/**
 * skip: leave a step (default: the current one) and move on; on a done step, just move on. back: show the step before
 * the current one again (no longer skipped). goto: show `step` (no longer skipped). pause / resume / dismiss: as said;
 * dismiss keeps the progress, resume continues it. restart: a fresh sample project, from the first step.
 */
export const TOUR_ACTIONS = ['skip', 'back', 'pause', 'resume', 'dismiss', 'restart', 'goto'] as const;
export type TourAction = (typeof TOUR_ACTIONS)[number];

export const TourUpdateInput = z
  .object({ action: z.enum(TOUR_ACTIONS), step: z.enum(TOUR_STEP_IDS).optional() })
  .refine((u) => u.action !== 'goto' || u.step !== undefined, { message: 'Say which step to go to.', path: ['step'] });
export type TourUpdateInput = z.input<typeof TourUpdateInput>;

const None = z.object({}).default({});

export const tourProcedures = {
  'tour.state': procedure(None).query<TourState>(['settings', 'projects', 'charters', 'datasets', 'profiles', 'recipes', 'runs', 'studies', 'evaluations', 'models', 'bundles', 'monitor']),
  /** Starts (or continues) the tour in its sample project, creating the project when it has none or it was archived. */
  'tour.start': procedure(None).mutation<TourState>(['settings', 'projects']),
  'tour.update': procedure(TourUpdateInput).mutation<TourState>(['settings', 'projects']),
  /** Imports the sample's training table into the tour's project: the same import job as datasets.import. */
  'tour.importSample': procedure(None).mutation<Job>(['jobs']),
  /** Checks the sample's drifted batch, its outcomes joined on customer_id, against the production model: a monitor.addBatch job. */
  'tour.addSampleBatch': procedure(None).mutation<Job>(['jobs']),
};
