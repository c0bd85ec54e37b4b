/**
 * "Can a classifier tell them apart?": Gyre's gradient-boosted trees learn real (0) from synthetic (1) on 70% of a
 * balanced sample and are scored on the other 30%. A ROC AUC near 0.5 means the rows are hard to tell apart.
 */
import type { DiscriminatorResult } from '../../contract/synthetic';
import { rocAuc } from '../metrics/ranking';
import { shuffle, type Random } from '../random';
import { fitGbdt } from '../trees/gbdt';
import { predict } from '../trees/predict';
import type { Features } from '../types';
import { sampleRows, type EncodedTable } from './copula';

/** Rows per side: enough for a stable AUC (its standard error is ~0.005 at 3,000 test rows), quick to train. */
export const DISCRIMINATOR_ROWS = 10_000;
const TREES = 50;
const DEPTH = 3;
/** Below this many rows per side the AUC would be noise. */
const LEAST_ROWS = 25;

function features(tables: EncodedTable[], picks: Uint32Array[]): Features {
  const rows = picks.reduce((n, p) => n + p.length, 0);
  const columns = tables[0]!.columns.length;
  const data = new Float32Array(columns * rows);
  for (let f = 0; f < columns; f++) {
    let r = 0;
    tables.forEach((table, t) => {
      const column = table.columns[f]!;
      for (const row of picks[t]!) {
        data[f * rows + r++] = column.kind === 'number' ? column.values[row]! : column.codes[row]! < 0 ? NaN : column.codes[row]!;
      }
    });
  }
  return { rows, names: tables[0]!.columns.map((_, f) => `f${f}`), data };
}

export async function discriminate(real: EncodedTable, synthetic: EncodedTable, random: Random, seed: number): Promise<DiscriminatorResult> {
  const perSide = Math.min(real.rows, synthetic.rows, DISCRIMINATOR_ROWS);
  const model = `gradient-boosted trees (${TREES} trees of depth ${DEPTH}) trained on 70% of ${perSide.toLocaleString('en')} real and ${perSide.toLocaleString('en')} synthetic rows, scored on the other 30%`;
  if (perSide < LEAST_ROWS) return { auc: null, model, trainRows: 0, testRows: 0 };
  const sides = [real, synthetic].map((table) => shuffle(sampleRows(table.rows, perSide, random).slice(), random));
  const cut = Math.round(perSide * 0.7);
  const trainPicks = sides.map((rows) => rows.subarray(0, cut));
  const testPicks = sides.map((rows) => rows.subarray(cut));
  const label = (picks: Uint32Array[]) => Float64Array.from({ length: picks[0]!.length + picks[1]!.length }, (_, i) => (i < picks[0]!.length ? 0 : 1));
  const fit = await fitGbdt({ features: features([real, synthetic], trainPicks), target: label(trainPicks) }, 'binary', 2, { nTrees: TREES, maxDepth: DEPTH, learningRate: 0.1, threads: 1, seed });
  const testFeatures = features([real, synthetic], testPicks);
  const proba = predict(fit.model, testFeatures);
  const score = Float64Array.from({ length: testFeatures.rows }, (_, r) => proba[2 * r + 1]!);
  const truth = Int32Array.from(label(testPicks));
  return { auc: rocAuc(truth, score), model, trainRows: 2 * cut, testRows: testFeatures.rows };
}
