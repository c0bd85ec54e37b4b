/**
 * The `labels.rank` job: active learning's quick model. Gyre's logistic regression learns the labels so far (people's,
 * resolved by the consensus rule, and the data's) from the other columns, prepared as the Train stage prepares a
 * linear model; it scores the unlabeled rows (a seeded sample of RANK_SAMPLE_ROWS when there are more) and orders them
 * by the margin between their two likeliest classes, least sure first. The ranking is stored with the session.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnSchema } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import { RANK_SAMPLE_ROWS, type RankingSummary } from '../../contract/labels';
import { DatasetService } from '../../core/datasets';
import { LabelStore, tally, type RankedRows } from '../../core/labels';
import { openWorkspace } from '../../core/workspace';
import { sqlIdent, sqlString, withDuck, type Duck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { scopeFilter, seededOrder } from '../../data/label-rows';
import { fitEstimator, predictEstimator } from '../../ml/estimators';
import { rankByUncertainty, topTwo } from '../../ml/active/uncertainty';
import { fitPreprocessor } from '../../ml/preprocess/fit';
import { columnOf, type Frame } from '../../ml/preprocess/frame';
import { defaultPlan } from '../../ml/preprocess/plan';
import { transform } from '../../ml/preprocess/transform';
import type { TaskContext } from '../tasks';

export interface RankLabelsJobInput {
  sessionId: string;
}

/** Labels from the data the model learns from at most (a seeded sample beyond): people's labels are always all used. */
const MAX_DATA_LABELS = 50_000;
const ROW = '__gyre_row';
const LABEL = '__gyre_label';

/**
 * Writes the rows the job needs — people's rows, a seeded sample of the data's labeled rows and of the unlabeled
 * ones — with their position and their target as text, into one small Parquet file.
 */
async function writeSubset(duck: Duck, path: string, out: string, target: string | null, seed: number, people: readonly number[]): Promise<void> {
  await duck.run('CREATE TABLE people (r BIGINT)');
  const appender = await duck.connection.createAppender('people');
  for (const r of people) {
    appender.appendBigInt(BigInt(r));
    appender.endRow();
  }
  appender.closeSync();
  const label = target === null ? 'NULL::VARCHAR' : `CAST(${sqlIdent(target)} AS VARCHAR)`;
  const all = `SELECT *, ${label} AS ${LABEL} FROM read_parquet(${sqlString(path)}, file_row_number = true)`;
  const notPeople = 'file_row_number NOT IN (SELECT r FROM people)';
  const part = (scope: 'missing' | 'present', limit: number) => `(SELECT * FROM (${all}) ${scopeFilter(target, scope)} ${scopeFilter(target, scope) ? 'AND' : 'WHERE'} ${notPeople} ORDER BY ${seededOrder(seed)} LIMIT ${limit})`;
  const sql = `${part('present', MAX_DATA_LABELS)} UNION ALL ${part('missing', RANK_SAMPLE_ROWS)} UNION ALL (SELECT * FROM (${all}) WHERE file_row_number IN (SELECT r FROM people))`;
  await duck.run(`COPY (SELECT * EXCLUDE (file_row_number), file_row_number AS ${ROW} FROM (${sql})) TO ${sqlString(out)} (FORMAT parquet)`);
}

export async function rankLabels(input: RankLabelsJobInput, ctx: TaskContext): Promise<RankingSummary> {
  const started = performance.now();
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const store = new LabelStore(ws.db, ws.objects);
    const session = store.get(input.sessionId);
    const version = new DatasetService(ws.db).version(session.versionId);
    const current = store.current(session.id);
    const counts = tally(session, current);
    if (counts.classesLabeled < 2) throw new GyreError('VALIDATION', `The model needs labels in at least two classes; ${session.target} has ${counts.classesLabeled === 0 ? 'none yet' : 'one so far'}.`, { field: 'sessionId' });

    ctx.report(0.05, `Reading the labeled rows and a sample of the unlabeled ones of ${session.datasetName} v${session.version}`);
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const subset = join(tmpDir, 'rows.parquet');
    const target = session.targetInData ? session.target : null;
    // Identifiers and free text are never features (as in training); the target is read as text beside them.
    const features = version.columns.filter((c) => c.name !== session.target && !['identifier', 'text'].includes(c.semanticType));
    const schema: ColumnSchema[] = [...features, { name: LABEL, semanticType: 'categorical', storageType: 'VARCHAR' }, { name: ROW, semanticType: 'integer', storageType: 'BIGINT' }];
    const frame = await withDuck(async (duck) => {
      await writeSubset(duck, ws.objects.pathOf(version.objectSha256), subset, target, session.seed, [...counts.resolved.keys()]);
      return readFrame(duck, subset, schema);
    });

    ctx.report(0.3, `Training a logistic regression on ${counts.labeled.toLocaleString('en')} labels`);
    const positions = columnOf(frame, ROW).values as Float64Array;
    const inData = columnOf(frame, LABEL).values as (string | null)[];
    const labelOf = (i: number) => counts.resolved.get(positions[i]!)?.label ?? inData[i] ?? null;
    const trainRows: number[] = [];
    const scoreRows: number[] = [];
    for (let i = 0; i < frame.rows; i++) (labelOf(i) === null ? scoreRows : trainRows).push(i);
    // Classes in the session's key order, those with a training row only.
    const present = new Set(trainRows.map((i) => labelOf(i)!));
    const classes = [...session.classes.filter((c) => present.has(c)), ...[...present].filter((c) => !session.classes.includes(c))];
    if (classes.length < 2) throw new GyreError('VALIDATION', `The model needs labels in at least two classes; the rows read hold only "${classes[0] ?? ''}".`, { field: 'sessionId' });
    if (scoreRows.length === 0) throw new GyreError('VALIDATION', `Every row of ${session.target} has a label: there is nothing left to rank.`, { field: 'sessionId' });

    const featureFrame: Frame = { rows: frame.rows, columns: frame.columns.filter((c) => c.name !== ROW && c.name !== LABEL) };
    const train = Uint32Array.from(trainRows);
    const preprocessor = fitPreprocessor(featureFrame, defaultPlan(featureFrame, session.target, train, 'linear'), train);
    if (preprocessor.featureNames.length === 0) {
      throw new GyreError('VALIDATION', `The other columns give the model nothing to learn from on the ${train.length} labeled rows (each is an identifier, free text, or holds one value there); label more rows, or rows that differ.`, { field: 'sessionId' });
    }
    const index = new Map(classes.map((c, k) => [c, k]));
    const y = Float64Array.from(trainRows, (i) => index.get(labelOf(i)!)!);
    const task = classes.length === 2 ? 'binary' : 'multiclass';
    const fitted = await fitEstimator('linear', { features: transform(preprocessor, featureFrame, train), target: y }, { task, classes: classes.length, params: {}, seed: session.seed, provider: 'cpu' });

    ctx.report(0.8, `Scoring ${scoreRows.length.toLocaleString('en')} unlabeled rows`);
    const probabilities = predictEstimator(fitted.model, transform(preprocessor, featureFrame, Uint32Array.from(scoreRows)));
    const order = rankByUncertainty(probabilities, classes.length, 'margin');
    const top = topTwo(probabilities, classes.length);
    const ranked: RankedRows = { rows: [], first: [], p1: [], second: [], p2: [] };
    for (const i of order) {
      ranked.rows.push(positions[scoreRows[i]!]!);
      ranked.first.push(top.first[i]!);
      ranked.p1.push(top.p1[i]!);
      ranked.second.push(top.second[i]!);
      ranked.p2.push(top.p2[i]!);
    }
    const fromData = trainRows.filter((i) => !counts.resolved.has(positions[i]!)).length;
    ctx.report(0.95, 'Saving the ranking');
    return store.addRanking({
      sessionId: session.id,
      jobId: ctx.jobId,
      summary: { trainedOn: trainRows.length, fromData, peopleLabels: counts.peopleLabels, classes, scored: scoreRows.length, unlabeledRows: session.rowCount - counts.labeled, seconds: (performance.now() - started) / 1000 },
      ranked,
    });
  } finally {
    ws.close();
  }
}
