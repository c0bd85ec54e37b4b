/** The pieces the data grid is drawn with: the header row and one body row, positioned by the virtualizers. */
import type { CSSProperties } from 'react';
import { Text } from '@mantine/core';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { ColumnSchema, RowFilter } from '@contract';
import { CellValue, alignFor, cellText } from '../Cell';
import { ColumnHeader } from './ColumnHeader';
import { GUTTER_WIDTH, ROW_HEIGHT } from './useGridVirtualizers';
import type { RowSort } from './useRowPages';

const BORDER = '1px solid var(--mantine-color-default-border)';

/** The row-number column stays put while the grid scrolls sideways. */
const gutter: CSSProperties = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  width: GUTTER_WIDTH,
  height: '100%',
  padding: '0 8px',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'flex-end',
  borderRight: BORDER,
  background: 'var(--mantine-color-body)',
  color: 'var(--mantine-color-dimmed)',
  fontSize: 'var(--mantine-font-size-xs)',
  fontVariantNumeric: 'tabular-nums',
};

const placed = (item: VirtualItem): CSSProperties => ({ position: 'absolute', top: 0, left: item.start, width: item.size, height: '100%', borderRight: BORDER });

export const gridBorder = BORDER;

interface HeaderProps {
  columns: ColumnSchema[];
  virtualColumns: VirtualItem[];
  totalWidth: number;
  sort: RowSort | null;
  filters: RowFilter[];
  onSort(sort: RowSort | null): void;
  onFilter(column: string, filter: RowFilter | null): void;
}

export function GridHeaderRow({ columns, virtualColumns, totalWidth, sort, filters, onSort, onFilter }: HeaderProps) {
  return (
    // 20 px more than the body: room for the body's vertical scrollbar, so the last header lines up.
    <div role="row" aria-rowindex={1} style={{ position: 'relative', width: totalWidth + 20, height: '100%' }}>
      <div role="columnheader" aria-colindex={1} style={gutter}>
        #
      </div>
      {virtualColumns.map((vc) => {
        const column = columns[vc.index]!;
        const sorted = sort?.column === column.name ? (sort.descending ? 'descending' : 'ascending') : 'none';
        return (
          <div key={column.name} role="columnheader" aria-colindex={vc.index + 2} aria-sort={sorted} style={placed(vc)}>
            <ColumnHeader
              column={column}
              sort={sort}
              filter={filters.find((f) => f.column === column.name)}
              onSort={onSort}
              onFilter={(f) => onFilter(column.name, f)}
            />
          </div>
        );
      })}
    </div>
  );
}

interface RowProps {
  index: number;
  top: number;
  /** The row's values, or null while its page loads. */
  values: unknown[] | null;
  columns: ColumnSchema[];
  virtualColumns: VirtualItem[];
  totalWidth: number;
}

export function GridRow({ index, top, values, columns, virtualColumns, totalWidth }: RowProps) {
  const style: CSSProperties = {
    position: 'absolute',
    top,
    height: ROW_HEIGHT,
    width: totalWidth,
    borderBottom: BORDER,
    background: index % 2 ? 'var(--mantine-color-default-hover)' : undefined,
    fontSize: 'var(--mantine-font-size-sm)',
    fontVariantNumeric: 'tabular-nums',
  };
  return (
    <div role="row" aria-rowindex={index + 2} style={style}>
      <div role="rowheader" aria-colindex={1} style={gutter}>
        {(index + 1).toLocaleString()}
      </div>
      {virtualColumns.map((vc) => {
        const column = columns[vc.index]!;
        const value = values?.[vc.index];
        const cell: CSSProperties = {
          ...placed(vc),
          padding: '0 8px',
          display: 'flex',
          alignItems: 'center',
          justifyContent: alignFor(column.semanticType) === 'right' ? 'flex-end' : 'flex-start',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
        };
        return (
          <div key={column.name} role="gridcell" aria-colindex={vc.index + 2} style={cell} title={value === null || value === undefined ? undefined : cellText(value)}>
            {values ? (
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                <CellValue value={value} />
              </span>
            ) : (
              <LoadingBar />
            )}
          </div>
        );
      })}
    </div>
  );
}

function LoadingBar() {
  return <span aria-hidden style={{ display: 'inline-block', width: '60%', height: 8, borderRadius: 4, background: 'var(--mantine-color-default-border)' }} />;
}

export function NoRows({ filtered }: { filtered: boolean }) {
  return (
    <Text size="sm" c="dimmed" p="md" style={{ position: 'absolute', top: 0, left: GUTTER_WIDTH }}>
      {filtered ? 'No rows match these filters.' : 'This version has no rows.'}
    </Text>
  );
}
