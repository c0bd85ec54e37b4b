/**
 * An evaluation report, top to bottom: the success gate, metrics with their intervals, the curves, the threshold
 * explorer (binary), error analysis, explanations and fairness. Any worst row can be explained in a drawer.
 */
import { useState } from 'react';
import { Stack } from '@mantine/core';
import type { EvaluationDetail } from '@contract';
import { CurvesSection } from './CurvesSection';
import { ErrorAnalysisSection } from './ErrorAnalysisSection';
import { ExplanationsSection } from './ExplanationsSection';
import { FairnessView } from './FairnessView';
import { GateSection } from './GateSection';
import { MetricsSection } from './MetricsSection';
import { RegisterRun, SaveThreshold } from './registry/RegisterRun';
import { explainedWorstRow, RowExplanationDrawer, type ExplainedRow } from './RowExplanationPanel';
import { ThresholdExplorer } from './ThresholdExplorer';

export function EvaluationReportView({ evaluation }: { evaluation: EvaluationDetail }) {
  // Keyed by id: another evaluation starts with its own threshold, selections and closed drawer.
  return <Report key={evaluation.id} evaluation={evaluation} />;
}

function Report({ evaluation }: { evaluation: EvaluationDetail }) {
  const { report } = evaluation;
  const [explaining, setExplaining] = useState<ExplainedRow | null>(null);
  return (
    <Stack gap="lg">
      <RegisterRun projectId={evaluation.projectId} runId={evaluation.runId} />
      <GateSection evaluation={evaluation} />
      <MetricsSection report={report} />
      <CurvesSection report={report} />
      {report.thresholds && report.thresholds.threshold.length > 0 && <ThresholdExplorer table={report.thresholds} positiveLabel={report.positiveLabel} save={(threshold) => <SaveThreshold projectId={evaluation.projectId} runId={evaluation.runId} task={report.task} threshold={threshold} />} />}
      <ErrorAnalysisSection errors={report.errors} task={report.task} onExplain={(w) => setExplaining(explainedWorstRow(w))} onExplainRow={(row) => setExplaining({ row, title: `Row ${row}` })} />
      <ExplanationsSection explanations={report.explanations} />
      <FairnessView sections={report.fairness} task={report.task} />
      <RowExplanationDrawer id={evaluation.id} row={explaining} onClose={() => setExplaining(null)} />
    </Stack>
  );
}
