/** How labeling reads: why a row was chosen, a field's value, the keys of the classes and kappa in words. */
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../electron/contract/datasets';
import { classKey, fieldText, kappaWords, ordinal, whyText } from '../../../renderer/src/stages/prepare/labeling/labelText';

const at = () => '14:02';
const col = (semanticType: ColumnSchema['semanticType']): ColumnSchema => ({ name: 'x', semanticType, storageType: 'VARCHAR' });

describe('labeling text', () => {
  it('says why the model chose a row', () => {
    const why = { kind: 'uncertain' as const, strategy: 'margin' as const, rank: 3, of: 4812, top: [{ label: 'churn', probability: 0.52 }, { label: 'stay', probability: 0.48 }], trainedOn: 40, fromData: 0, trainedAt: '2026-11-24T14:02:00Z' };
    expect(whyText(why, at)).toBe('The model is unsure: 52% churn vs 48% stay (ranked 3rd of 4,812 by uncertainty; model trained on 40 labels at 14:02).');
    expect(whyText({ ...why, rank: 12, trainedOn: 1, fromData: 1 }, at)).toContain('(ranked 12th of 4,812 by uncertainty; model trained on 1 label (1 from the data) at 14:02)');
  });

  it('says why any other row is there', () => {
    expect(whyText({ kind: 'random', labels: 12, minLabels: 20, classesLabeled: 1, ranked: false })).toBe(
      'Picked at random (a seeded order): the model ranks the rows once there are 20 labels in at least two classes — 12 so far, in one class.',
    );
    expect(whyText({ kind: 'random', labels: 90, minLabels: 20, classesLabeled: 2, ranked: true })).toBe('Picked at random (a seeded order): every row the model ranked has a label; it ranks again with the next labels.');
    expect(whyText({ kind: 'others', by: ['ana', 'ben'] })).toBe('For a second opinion: ana, ben labeled this row. Their labels are hidden so that yours is independent; agreement (Cohen’s kappa) compares the two.');
    expect(whyText({ kind: 'skipped' })).toBe('You skipped this row earlier; it came back at the end of the queue.');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 1002].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th', '1,002nd']);
  });

  it('shows values: numbers grouped (identifiers as they are), dates readable, missing said', () => {
    expect(fieldText(1234567.891, col('float'))).toEqual({ text: '1,234,567.891', missing: false });
    expect(fieldText(5003, col('identifier'))).toEqual({ text: '5003', missing: false });
    expect(fieldText(null, col('text'))).toEqual({ text: 'missing', missing: true });
    expect(fieldText('', col('categorical'))).toEqual({ text: 'missing', missing: true });
    expect(fieldText(true, col('boolean'))).toEqual({ text: 'true', missing: false });
    expect(fieldText('2021-12-30', col('datetime'))).toEqual({ text: 'Dec 30, 2021', missing: false });
  });

  it('gives keys to the first nine classes only, and words kappa', () => {
    expect([0, 8, 9].map(classKey)).toEqual(['1', '9', null]);
    expect([null, -0.2, 0.1, 0.3, 0.5, 0.7, 0.95].map(kappaWords)).toEqual(['undefined: both gave one same class throughout', 'worse than chance', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect']);
  });
});
