/** Drift of the model's own output: its score (a probability or the predicted value) and, for classifiers, its predicted classes. */
import { SimpleGrid, Text } from '@mantine/core';
import type { DriftReport } from '@contract';
import { FeatureDistribution } from './FeatureDriftTable';

export function PredictionDriftView({ prediction: p }: { prediction: DriftReport['prediction'] }) {
  const drifted = p.score.drifted || Boolean(p.classes?.drifted);
  return (
    <>
      <Text size="sm" c={drifted ? 'red.8' : undefined}>
        {drifted
          ? 'The model’s predictions on this batch are distributed differently from its predictions on the training rows.'
          : 'The model’s predictions on this batch are distributed as on the training rows.'}
      </Text>
      <SimpleGrid cols={{ base: 1, lg: p.classes ? 2 : 1 }}>
        <FeatureDistribution feature={p.score} title={`the ${p.scoreOf}`} />
        {p.classes && <FeatureDistribution feature={p.classes} title="the predicted class" />}
      </SimpleGrid>
    </>
  );
}
