/** The lifecycle as a user sees it: eight stages, each with its state for the open project. */
import { z } from 'zod';
import { procedure } from './procedure';
import { ProjectId } from './projects';

export const STAGES = ['plan', 'data', 'explore', 'prepare', 'train', 'evaluate', 'deploy', 'monitor'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_STATES = ['not_started', 'in_progress', 'done', 'needs_attention'] as const;
export type StageState = (typeof STAGE_STATES)[number];

export interface StageStatus {
  stage: Stage;
  state: StageState;
  /** One sentence: why the stage is in this state, or what to do next. */
  summary: string;
  /** False for stages whose features have not been built yet. */
  available: boolean;
}

export const stageProcedures = {
  'stages.status': procedure(z.object({ projectId: ProjectId })).query<StageStatus[]>(['projects', 'charters', 'datasets', 'profiles', 'runs', 'evaluations', 'models', 'bundles', 'monitor']),
};

export interface StageInfo {
  label: string;
  /** The question this stage answers. */
  question: string;
  /** What the stage does, in a sentence a newcomer understands. */
  purpose: string;
}

export const STAGE_INFO: Record<Stage, StageInfo> = {
  plan: {
    label: 'Plan',
    question: 'What problem, and what counts as success?',
    purpose: 'Write the project charter: the problem, the ML framing, the success criteria every model is judged by, and the constraints.',
  },
  data: {
    label: 'Data',
    question: 'What data do we have?',
    purpose: 'Import CSV, JSON and Parquet files as immutable, versioned datasets and browse them row by row.',
  },
  explore: {
    label: 'Explore',
    question: 'What is in the data, and what is wrong with it?',
    purpose: 'Profile each dataset version: distributions, correlations, missing values, and alerts for leakage, imbalance and private data.',
  },
  prepare: {
    label: 'Prepare',
    question: 'How do we make it training-ready?',
    purpose: 'Build replayable recipes of cleaning and feature steps, label rows with active learning, and make privacy-safe synthetic data.',
  },
  train: {
    label: 'Train',
    question: 'Which model works best?',
    purpose: 'Train baselines first, then linear models, trees, boosting and MLPs; tune them; track every run on a leaderboard.',
  },
  evaluate: {
    label: 'Evaluate',
    question: 'Is it good enough, and for whom does it fail?',
    purpose: "Evaluate on held-out data with confidence intervals, error analysis, fairness and explanations, and check the charter's success gate.",
  },
  deploy: {
    label: 'Deploy',
    question: 'How does it leave the laptop?',
    purpose: 'Export a one-file ONNX bundle with a prediction server and batch scorer, and validate it in shadow mode.',
  },
  monitor: {
    label: 'Monitor',
    question: 'Is it still working?',
    purpose: "Watch drift, performance decay and bias over time, with alerts from the charter's retraining trigger.",
  },
};
