/**
 * The model card's generated sections, as blocks: training data, performance (gate and every metric with its
 * interval), fairness, explanations, lineage and checksums. Regenerated from the records on every request.
 */
import { TASK_LABELS } from '../contract/charter-vocabulary';
import type { EvaluationReport, FairnessSection } from '../contract/evaluations';
import type { ModelCardBlock } from '../contract/registry';
import type { CardInputs } from './model-card-inputs';

/** A number as the card prints it: four decimals, thousands separated from 1,000 up, "—" when undefined. */
export function cardNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return v.toLocaleString('en', { maximumFractionDigits: 1 });
  if (abs < 0.001) return v.toPrecision(3);
  return v.toFixed(4);
}

/** "0.8120 – 0.8610", or "—" without an interval. */
export function cardInterval(low: number | null, high: number | null): string {
  return low === null || high === null ? '—' : `${cardNumber(low)} – ${cardNumber(high)}`;
}

const count = (n: number) => n.toLocaleString('en');
const share = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
const bytes = (n: number) => `${count(n)} bytes (${n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`})`;
const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

const METRIC_NAMES: Record<string, string> = {
  accuracy: 'Accuracy',
  balancedAccuracy: 'Balanced accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  rocAuc: 'ROC AUC',
  prAuc: 'PR AUC',
  logLoss: 'Log loss',
  brier: 'Brier score',
  precisionMacro: 'Precision (macro)',
  recallMacro: 'Recall (macro)',
  f1Macro: 'F1 (macro)',
  precisionWeighted: 'Precision (weighted)',
  recallWeighted: 'Recall (weighted)',
  f1Weighted: 'F1 (weighted)',
  rocAucOvr: 'ROC AUC (one-vs-rest)',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mape: 'MAPE',
};
export const metricName = (key: string) => METRIC_NAMES[key] ?? key;

const table = (caption: string, columns: string[], rows: string[][], numeric: boolean[]): ModelCardBlock => ({ kind: 'table', caption, columns, rows, numeric });
const paragraph = (text: string): ModelCardBlock => ({ kind: 'paragraph', text });

export function trainingDataBlocks({ run, dataset }: CardInputs): ModelCardBlock[] {
  const dropped = new Map(run.details.dropped.map((d) => [d.column, d.reason]));
  // Identifiers and free text are never read by training, so the run does not list them among its dropped columns.
  for (const c of dataset.columns) {
    if (c.name === run.target || dropped.has(c.name)) continue;
    if (c.semanticType === 'identifier') dropped.set(c.name, 'an identifier: never a feature');
    if (c.semanticType === 'text') dropped.set(c.name, 'free text: never a feature');
  }
  const used = dataset.columns.filter((c) => c.name !== run.target && !dropped.has(c.name));
  const origin = dataset.source ? `imported from ${dataset.source.name}` : `made by ${dataset.operation}`;
  const split = run.split;
  const spec = Object.entries(split.spec)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  const blocks = [
    paragraph(`Trained on ${run.dataset.name} v${dataset.version}: ${count(dataset.rowCount)} rows × ${count(dataset.columnCount)} columns, ${origin} on ${day(dataset.createdAt)}.`),
    paragraph(`Target: ${run.target} (${run.task}${run.details.classLabels ? `; classes ${run.details.classLabels.join(', ')}` : ''}).`),
    table(`Columns used (${used.length}; ${run.details.featureNames.length} features after preparation)`, ['Column', 'Kind', 'Stored as'], used.map((c) => [c.name, c.semanticType, c.storageType]), [false, false, false]),
  ];
  if (dropped.size) blocks.push(table(`Columns left out (${dropped.size})`, ['Column', 'Why'], [...dropped].map(([c, why]) => [c, why]), [false, false]));
  blocks.push(paragraph(`Split: ${String(split.spec.kind ?? 'unknown')}${spec ? ` (${spec})` : ''}; ${count(split.trainRows)} training rows and ${count(split.testRows)} test rows.${split.excluded ? ` ${count(split.excluded.rows)} rows used in neither: ${split.excluded.reason}.` : ''}`));
  return blocks;
}

export function performanceBlocks({ version, run, evaluation }: CardInputs): ModelCardBlock[] {
  if (!evaluation) {
    return [
      paragraph(`Not evaluated yet: this version has no evaluation, so its metrics have no confidence intervals and its success gate is not judged. Evaluate it (gyre evaluate ${version.name}@${version.version}) and generate the card again.`),
      table(`Test-set metrics measured when the run was trained, on ${count(run.split.testRows)} test rows (no intervals)`, ['Metric', 'Value', 'Rows'], Object.entries(run.metrics).map(([k, v]) => [metricName(k), cardNumber(v), count(run.split.testRows)]), [false, true, true]),
    ];
  }
  const r = evaluation.report;
  const verdict = r.gate.passed === null ? 'the charter sets no success criteria' : r.gate.passed ? 'it passes' : 'it does not pass';
  const blocks = [
    paragraph(`Measured by evaluation ${evaluation.id} (${day(evaluation.createdAt)}) on ${r.rowsLabel}; 95% percentile intervals from ${count(r.resamples)} bootstrap resamples. The success gate reads this evaluation: ${verdict}.`),
  ];
  if (r.task === 'binary') blocks.push(paragraph(`Positive class: ${r.positiveLabel ?? '—'}. Metrics that depend on a threshold are at 0.5; ${version.threshold === null ? 'this version keeps the default threshold 0.5' : `this version's saved decision threshold is ${version.threshold}`}.`));
  if (r.gate.criteria.length) {
    blocks.push(
      table(
        'Success gate (the charter’s criteria)',
        ['Criterion', 'Acceptable', 'Target', 'Value', '95% interval', 'Verdict'],
        r.gate.criteria.map((c) => [c.label, `${c.direction === 'higher' ? '≥' : '≤'} ${c.acceptable}`, `${c.direction === 'higher' ? '≥' : '≤'} ${c.target}`, cardNumber(c.value), cardInterval(c.low, c.high), c.verdict]),
        [false, true, true, true, true, false],
      ),
    );
  }
  blocks.push(
    table(`Metrics with 95% intervals`, ['Metric', 'Value', '95% interval', 'Rows'], Object.entries(r.metrics).map(([k, m]) => [metricName(k) + (m.note ? ` (${m.note})` : ''), cardNumber(m.value), cardInterval(m.low, m.high), count(r.rows)]), [false, true, true, true]),
    paragraph(`Latency, one row per call through onnxruntime: p50 ${cardNumber(r.gate.latency.p50Ms)} ms, p95 ${cardNumber(r.gate.latency.p95Ms)} ms. Model file: ${bytes(r.gate.sizeBytes)}.`),
  );
  return blocks;
}

const RATES = [
  ['Selection rate', 'selectionRate'],
  ['TPR', 'tpr'],
  ['FPR', 'fpr'],
  ['Precision', 'precision'],
  ['Accuracy', 'accuracy'],
] as const;

function fairnessAttributeBlocks(f: FairnessSection, task: EvaluationReport['task']): ModelCardBlock[] {
  const title = f.column && f.column !== f.attribute ? `${f.attribute} (column ${f.column})` : f.attribute;
  const blocks: ModelCardBlock[] = [{ kind: 'heading', text: title }];
  if (f.groups.length === 0) return [...blocks, paragraph(`Not checked: ${f.note ?? 'no groups were found.'}`)];
  if (f.note) blocks.push(paragraph(f.note));
  const regression = task === 'regression';
  const columns = ['Group', 'Rows', 'Share', ...(regression ? ['MAE'] : RATES.map(([label]) => label))];
  const rows = f.groups.map((g) => [g.small ? `${g.group} (few rows)` : g.group, count(g.count), share(g.share), ...(regression ? [cardNumber(g.mae)] : RATES.map(([, key]) => cardNumber(g[key])))]);
  blocks.push(table(`Groups of ${f.attribute}`, columns, rows, columns.map((_, i) => i > 0)));
  if (regression) return blocks;
  const limit = f.maxDisparity === null ? 'none' : String(f.maxDisparity);
  const within = (v: number | null, judged: boolean) => (!judged || f.maxDisparity === null || v === null ? '—' : v <= f.maxDisparity ? 'yes' : 'no');
  blocks.push(
    table(
      `Differences between groups of ${f.attribute}`,
      ['Measure', 'Value', 'Charter limit', 'Within limit'],
      [
        ['Demographic parity difference', cardNumber(f.demographicParityDifference), limit, within(f.demographicParityDifference, true)],
        ['Equalized odds difference', cardNumber(f.equalizedOddsDifference), limit, within(f.equalizedOddsDifference, true)],
        ['Demographic parity ratio (1 is equal)', cardNumber(f.demographicParityRatio), '—', '—'],
        ['Equalized odds ratio (1 is equal)', cardNumber(f.equalizedOddsRatio), '—', '—'],
      ],
      [false, true, true, false],
    ),
    paragraph(f.passed === null ? 'Not judged: no limit applies to this attribute.' : f.passed ? `Within the charter's limit of ${f.maxDisparity}.` : `Beyond the charter's limit of ${f.maxDisparity}.`),
  );
  return blocks;
}

export function fairnessBlocks({ charter, evaluation }: CardInputs): ModelCardBlock[] {
  const named = charter?.content.constraints.sensitiveAttributes ?? [];
  if (!evaluation) {
    const which = named.length ? `The charter names ${named.map((a) => `${a.name} (largest allowed difference ${a.maxDisparity})`).join(', ')}.` : 'The charter names no sensitive attributes.';
    return [paragraph(`Not checked: the model has not been evaluated yet. ${which}`)];
  }
  const sections = evaluation.report.fairness;
  const blocks = sections.flatMap((f) => fairnessAttributeBlocks(f, evaluation.report.task));
  const checked = new Set(sections.map((f) => f.attribute.toLowerCase()));
  const missed = named.filter((a) => !checked.has(a.name.toLowerCase()));
  if (missed.length) blocks.push(paragraph(`Not checked: ${missed.map((a) => a.name).join(', ')} (named by the charter after this evaluation ran; evaluate again to check).`));
  if (blocks.length === 0) return [paragraph('Not checked: the charter names no sensitive attributes, and none was asked for when evaluating.')];
  return [paragraph("Group fairness of the predictions with Fairlearn's definitions, on the evaluated rows. Groups under 30 rows are marked: their rates are unreliable."), ...blocks];
}

export function explanationBlocks({ evaluation }: CardInputs): ModelCardBlock[] {
  if (!evaluation) return [paragraph('Not computed: the model has not been evaluated yet.')];
  const e = evaluation.report.explanations;
  const top = [...e.importance].sort((a, b) => b.mean - a.mean).slice(0, 10);
  return [
    paragraph(`Permutation importance: how much ${e.metric} gets worse (${e.better} is better) when one column's values are shuffled, the mean and standard deviation over ${e.repeats} shuffle${e.repeats === 1 ? '' : 's'} of ${count(e.rows)} rows; ${e.metric} unshuffled is ${cardNumber(e.baseline)}. Computed through the model file on the raw columns.`),
    table(`Top ${top.length} columns by importance`, ['Rank', 'Column', 'Importance (mean)', 'Spread (± std)'], top.map((c, i) => [String(i + 1), c.column, cardNumber(c.mean), `± ${cardNumber(c.std)}`]), [true, false, true, true]),
    ...(e.dependence.length ? [paragraph(`Partial dependence (${e.output}) was computed for ${e.dependence.map((d) => d.column).join(', ')}; single predictions can be explained in Gyre's evaluation report.`)] : []),
  ];
}

const LINEAGE_STEPS: Record<string, string> = { charter: 'Charter', dataset: 'Data', split: 'Split', run: 'Run', evaluation: 'Evaluation', model: 'Model version' };

export function lineageBlocks({ version, run, charter }: CardInputs): ModelCardBlock[] {
  const nodes = version.lineage.nodes;
  const registered = version.history.find((e) => e.action === 'registered' && e.version === version.version);
  return [
    paragraph(nodes.map((n) => n.label).join(' → ')),
    table('Where this version came from', ['Step', 'What', 'Detail'], nodes.map((n) => [LINEAGE_STEPS[n.kind] ?? n.kind, n.label, n.detail]), [false, false, false]),
    paragraph(
      [
        charter && !charter.inForce ? `No charter existed when the run was trained; this card reads charter v${charter.version}.` : '',
        `Run ${run.id} trained ${day(run.createdAt)} by ${run.codeVersion ? `Gyre ${run.codeVersion}` : 'a Gyre version that was not recorded'}.`,
        registered ? `Registered as ${version.name}@${version.version} on ${day(registered.at)} by ${registered.actor}; now in ${version.stage}.` : `Now in ${version.stage}.`,
      ]
        .filter(Boolean)
        .join(' '),
    ),
  ];
}

export function checksumBlocks({ run, dataset, datasetBytes, modelFilePresent }: CardInputs): ModelCardBlock[] {
  const rows = [
    ['Model file (ONNX)', run.onnx.sha256, bytes(run.onnx.size)],
    [`Training data (${run.dataset.name} v${dataset.version}, as Gyre stores it)`, dataset.objectSha256, datasetBytes === null ? '—' : bytes(datasetBytes)],
  ];
  if (dataset.source) rows.push([`Source file ${dataset.source.name}`, dataset.source.sha256, bytes(dataset.source.size)]);
  rows.push(['Test rows of the split (membership hash)', run.split.membershipHash, '—']);
  return [
    table('SHA-256 checksums', ['What', 'SHA-256', 'Size'], rows, [false, false, true]),
    paragraph(modelFilePresent ? 'Compare a copy of the model file with `sha256sum model.onnx` (or `Get-FileHash` in PowerShell).' : 'The model file is missing from this workspace: its checksum is as recorded when it was trained.'),
  ];
}

/** "Gradient-boosted trees · binary classification" in the charter's words where it has them. */
export function taskWords(inputs: CardInputs): string {
  const task = inputs.charter?.content.task;
  return task ? TASK_LABELS[task] : inputs.run.task;
}
