/** The data grid of one dataset version: virtualized rows and columns, paged fetching, sort and filters by column. */
import { useRef, useState } from 'react';
import { Box, Card, Stack } from '@mantine/core';
import type { DatasetVersion, RowFilter, SemanticType } from '@contract';
import { ErrorState } from '../../../components/QueryState';
import { GridHeaderRow, GridRow, NoRows, gridBorder } from './GridParts';
import { GridToolbar } from './GridToolbar';
import { ROW_HEIGHT, useGridVirtualizers } from './useGridVirtualizers';
import { PAGE_SIZE, useRowPages, type RowSort } from './useRowPages';

const HEADER_HEIGHT = 56;
const MAX_BODY_HEIGHT = 560;
const WIDTHS: Record<SemanticType, number> = { integer: 120, float: 130, boolean: 100, categorical: 150, text: 220, datetime: 180, identifier: 150 };

export function DataGrid({ version }: { version: DatasetVersion }) {
  const [sort, setSort] = useState<RowSort | null>(null);
  const [filters, setFilters] = useState<RowFilter[]>([]);
  const [span, setSpan] = useState({ first: 0, last: PAGE_SIZE - 1 });
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const pages = useRowPages(version.id, sort, filters, span.first, span.last);
  const total = pages.total ?? 0;
  const columns = version.columns;
  const bodyHeight = Math.min(MAX_BODY_HEIGHT, Math.max(total, 3) * ROW_HEIGHT + 14);
  const grid = useGridVirtualizers({
    scrollRef,
    rowCount: total,
    columnWidths: columns.map((c) => Math.min(320, Math.max(WIDTHS[c.semanticType], c.name.length * 8 + 56))),
    viewportHeight: bodyHeight,
  });
  const virtualRows = grid.rows.getVirtualItems();
  const virtualColumns = grid.columns.getVirtualItems();

  // Ask for the pages now in view; updated during render (not in an effect) so the fetch starts on this frame.
  const first = virtualRows[0]?.index ?? 0;
  const last = virtualRows[virtualRows.length - 1]?.index ?? 0;
  if (Math.floor(first / PAGE_SIZE) !== Math.floor(span.first / PAGE_SIZE) || Math.floor(last / PAGE_SIZE) !== Math.floor(span.last / PAGE_SIZE)) {
    setSpan({ first, last });
  }

  const restart = () => {
    scrollRef.current?.scrollTo({ top: 0 });
  };
  const changeSort = (next: RowSort | null) => {
    setSort(next);
    restart();
  };
  const changeFilter = (column: string, filter: RowFilter | null) => {
    setFilters((fs) => [...fs.filter((f) => f.column !== column), ...(filter ? [filter] : [])]);
    restart();
  };

  return (
    <Stack gap="xs">
      <GridToolbar
        total={pages.total}
        rowCount={version.rowCount}
        sort={sort}
        filters={filters}
        loading={pages.loading}
        onRemoveFilter={(column) => changeFilter(column, null)}
        onClear={() => {
          setFilters([]);
          restart();
        }}
      />
      {pages.error && <ErrorState title="These rows could not be read" error={pages.error} />}
      <Card withBorder padding={0} role="grid" aria-label={`Rows of version ${version.version}`} aria-rowcount={total + 1} aria-colcount={columns.length + 1}>
        <Box ref={headerRef} role="rowgroup" h={HEADER_HEIGHT} style={{ overflow: 'hidden', borderBottom: gridBorder, background: 'var(--mantine-color-default-hover)' }}>
          <GridHeaderRow
            columns={columns}
            virtualColumns={virtualColumns}
            totalWidth={grid.totalWidth}
            sort={sort}
            filters={filters}
            onSort={changeSort}
            onFilter={changeFilter}
          />
        </Box>
        <div
          ref={scrollRef}
          role="rowgroup"
          tabIndex={0}
          aria-label="Rows (scroll to load more)"
          style={{ height: bodyHeight, overflow: 'auto', position: 'relative', outlineOffset: -2 }}
          onScroll={(e) => {
            if (headerRef.current) headerRef.current.scrollLeft = e.currentTarget.scrollLeft;
          }}
        >
          <div style={{ height: grid.realHeight, width: grid.totalWidth, position: 'relative' }}>
            {virtualRows.map((vr) => (
              <GridRow
                key={vr.index}
                index={vr.index}
                top={grid.rowTop(vr.start)}
                values={pages.row(vr.index)}
                columns={columns}
                virtualColumns={virtualColumns}
                totalWidth={grid.totalWidth}
              />
            ))}
          </div>
          {pages.total === 0 && <NoRows filtered={filters.length > 0} />}
        </div>
      </Card>
    </Stack>
  );
}
