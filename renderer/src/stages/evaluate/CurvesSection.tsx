/**
 * The curves that fit the task: ROC, precision–recall, calibration and cumulative gain with lift (binary), the
 * confusion matrix (classification), and residuals against predictions (regression).
 */
import { useMemo } from 'react';
import { SimpleGrid, Table, Text, useComputedColorScheme } from '@mantine/core';
import type { EvaluationCurves, EvaluationReport } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { xyOption } from '../../components/charts/lineOption';
import { calibrationOption, confusionOption, gainOption, residualOption } from './evaluationCharts';
import { shareText } from './evaluationText';
import { Part, ReportSection } from './ReportSection';

const SEQUENTIAL = { light: ['#f8f9fa', '#91a7ff', '#364fc7'], dark: ['#2e2e2e', '#4c6ef5', '#bac8ff'] };

const DESCRIPTIONS: Record<EvaluationReport['task'], string> = {
  binary:
    'How the scores separate the classes at every threshold (ROC, precision–recall), whether a score of 0.7 really means 70% (calibration), and how many positives you reach by acting on the highest scores first (gain and lift).',
  multiclass: 'Which classes the model confuses with which: a heavy cell off the diagonal is a pair of classes it cannot tell apart.',
  regression: 'Where predictions miss: a funnel or a curve in the residuals means the error depends on the size of the prediction, not just noise.',
};

function BinaryCurves({ curves, positive }: { curves: EvaluationCurves; positive: string }) {
  const roc = useMemo(() => (curves.roc ? xyOption({ series: [{ name: 'Model', ...curves.roc }], xName: 'False-positive rate', yName: 'True-positive rate', unitSquare: true }) : null), [curves.roc]);
  const pr = useMemo(() => (curves.pr ? xyOption({ series: [{ name: 'Model', ...curves.pr }], xName: 'Recall', yName: 'Precision' }) : null), [curves.pr]);
  const calibration = useMemo(() => (curves.calibration ? calibrationOption(curves.calibration) : null), [curves.calibration]);
  const gain = useMemo(() => (curves.gain ? gainOption(curves.gain) : null), [curves.gain]);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Part title="ROC curve">
        {roc ? <EChart option={roc} label="ROC curve: true-positive rate against false-positive rate" /> : <Missing what="The ROC curve" why="the rows hold only one class" />}
      </Part>
      {pr && (
        <Part title="Precision–recall curve">
          <EChart option={pr} label={`Precision–recall curve for “${positive}”`} />
        </Part>
      )}
      {calibration && (
        <Part title="Calibration (reliability diagram)">
          <EChart option={calibration} label="Calibration: observed share of positives against mean predicted probability, with the diagonal" />
        </Part>
      )}
      {gain && (
        <Part title="Cumulative gain and lift">
          <EChart option={gain} label="Cumulative gain and lift against the share of rows contacted" />
        </Part>
      )}
    </SimpleGrid>
  );
}

function Missing({ what, why }: { what: string; why: string }) {
  return (
    <Text size="sm" c="dimmed">
      {what} is not defined here: {why}.
    </Text>
  );
}

function DecilesTable({ deciles }: { deciles: NonNullable<EvaluationCurves['deciles']> }) {
  return (
    <Part title="Gain and lift by decile">
      <Table aria-label="Gain and lift by decile" withTableBorder verticalSpacing={2} maw={560} style={{ fontVariantNumeric: 'tabular-nums' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Top rows by score</Table.Th>
            <Table.Th ta="right">Positives found</Table.Th>
            <Table.Th ta="right">Lift</Table.Th>
            <Table.Th ta="right">Response rate in this tenth</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deciles.map((d) => (
            <Table.Tr key={d.decile}>
              <Table.Td>{d.decile * 10}%</Table.Td>
              <Table.Td ta="right">{shareText(d.gain)}</Table.Td>
              <Table.Td ta="right">{d.lift.toFixed(2)}×</Table.Td>
              <Table.Td ta="right">{shareText(d.responseRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Part>
  );
}

function ConfusionMatrix({ matrix, classLabels }: { matrix: number[][]; classLabels: string[] | null }) {
  const scheme = useComputedColorScheme('light');
  const labels = useMemo(() => classLabels ?? matrix.map((_, k) => String(k)), [classLabels, matrix]);
  const option = useMemo(() => confusionOption({ labels, matrix, colors: SEQUENTIAL[scheme] }), [labels, matrix, scheme]);
  const size = Math.min(640, Math.max(260, 120 + labels.length * 48));
  return (
    <Part title="Confusion matrix (rows: true class, columns: predicted)">
      <div style={{ maxWidth: size + 120 }}>
        <EChart option={option} label={`Confusion matrix of ${labels.length} classes`} height={size} />
      </div>
    </Part>
  );
}

function Residuals({ residuals, target }: { residuals: NonNullable<EvaluationCurves['residuals']>; target: string }) {
  const option = useMemo(() => residualOption({ ...residuals, target }), [residuals, target]);
  return (
    <Part title={`Residuals against predicted ${target}`}>
      <EChart option={option} label={`Residuals (actual minus predicted) against predicted ${target}, ${residuals.predicted.length} rows`} height={300} />
    </Part>
  );
}

export function CurvesSection({ report }: { report: EvaluationReport }) {
  const { curves, task } = report;
  const deciles = task === 'binary' && curves.deciles && curves.deciles.length > 0 ? curves.deciles : null;
  return (
    <ReportSection title={task === 'regression' ? 'Residuals' : task === 'binary' ? 'Curves' : 'Confusion matrix'} description={DESCRIPTIONS[task]}>
      {task === 'binary' && <BinaryCurves curves={curves} positive={report.positiveLabel ?? 'positive'} />}
      {(deciles || curves.confusion) && (
        <SimpleGrid cols={{ base: 1, lg: deciles && curves.confusion ? 2 : 1 }} spacing="lg">
          {deciles && <DecilesTable deciles={deciles} />}
          {curves.confusion && <ConfusionMatrix matrix={curves.confusion} classLabels={report.classLabels} />}
        </SimpleGrid>
      )}
      {curves.residuals && <Residuals residuals={curves.residuals} target={report.target} />}
    </ReportSection>
  );
}
