/** A column's profile in a phrase, for the columns table: the one statistic that says most about it. */
import type { ColumnProfile } from '@contract';
import { formatIsoDate, formatNumber } from '../../components/charts/numbers';

export function keyStat(column: ColumnProfile, rows: number): string {
  const top = column.topValues?.[0];
  const share = (count: number) => `${Math.round((100 * count) / Math.max(1, rows - column.missing))}%`;
  switch (column.semanticType) {
    case 'integer':
    case 'float':
      return column.numeric ? `mean ${formatNumber(column.numeric.mean)} (${formatNumber(column.numeric.min)} – ${formatNumber(column.numeric.max)})` : '';
    case 'datetime':
      return column.datetime ? `${formatIsoDate(column.datetime.min)} – ${formatIsoDate(column.datetime.max)}` : '';
    case 'identifier':
      return column.distinct === rows - column.missing ? 'a distinct value per row' : `${column.distinct.toLocaleString()} distinct`;
    case 'text':
      return column.text ? `length ${column.text.minLength} – ${column.text.maxLength}, mean ${formatNumber(column.text.meanLength)}` : '';
    case 'boolean':
    case 'categorical':
      return top ? `most often “${top.value}” (${share(top.count)})` : '';
    default: {
      const unknownType: never = column.semanticType;
      return String(unknownType);
    }
  }
}
