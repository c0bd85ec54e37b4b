/**
 * Every run of one problem (target + task) in a sortable table, read a page at a time as it scrolls into view: the
 * main process filters and sorts all of them, so 10,000 runs open as fast as ten. The best value of each metric
 * column is marked; baselines and re-runs are labelled.
 */
import { useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Badge, Checkbox, Group, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { formatResampleRatio, resampleFromParams, RESAMPLE_NAMES, type BoardColumn, type ColumnRange, type Input, type RunSummary as Run } from '@contract';
import { PAGE_SIZE, usePages } from '../../api/pages';
import { formatDateTime } from '../../components/format';
import { bestValues, type BoardSort, type Column } from './boardColumns';
import { SHORT_MODEL_NAMES } from './runText';

interface Props {
  columns: Column[];
  /** Each column's range over the runs that match: the best value is marked. */
  ranges: Record<string, ColumnRange>;
  sort: BoardSort;
  onSort(sort: BoardSort): void;
  /** The board's problem, filter and sort: its pages are fetched as they scroll into view. */
  input: Omit<Input<'runs.board'>, 'offset' | 'limit'>;
  /** Runs ticked for comparison (at most 4). */
  selected: string[];
  onToggle(id: string): void;
  onOpen(run: Run): void;
}

export const MAX_COMPARED = 4;

/** Every row's height: two lines of text. Fixed, so the table is drawn once per page, with no measuring pass. */
const ROW_HEIGHT = 58;

/** Equal up to the last bits: SQLite and JavaScript may read the same stored number a rounding apart. */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

export function Leaderboard({ columns, ranges, sort, onSort, input, selected, onToggle, onOpen }: Props) {
  const [span, setSpan] = useState({ first: 0, last: 0 });
  const pages = usePages('runs.board', input, span.first, span.last);
  const total = pages.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Thousands of runs stay fast: only the rows in view (and a few around them) are in the DOM.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 4 });
  const items = virtual.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columnCount = columns.length + 3;
  const best = bestValues(columns, ranges);

  // Ask for the pages in view; during render (not in an effect) so the fetch starts on this frame.
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  if (Math.floor(first / PAGE_SIZE) !== Math.floor(span.first / PAGE_SIZE) || Math.floor(last / PAGE_SIZE) !== Math.floor(span.last / PAGE_SIZE)) {
    setSpan({ first, last });
  }

  const sortBy = (id: BoardColumn) => {
    onSort({ id, bestFirst: sort.id === id ? !sort.bestFirst : true });
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const header = (id: BoardColumn, label: string, numeric: boolean, help?: string) => {
    const on = sort.id === id;
    const button = (
      <UnstyledButton onClick={() => sortBy(id)} aria-label={`Sort by ${label}`}>
        <Group gap={4} wrap="nowrap" justify={numeric ? 'flex-end' : 'flex-start'}>
          <Text fw={600} size="sm">
            {label}
          </Text>
          <Text size="xs" c={on ? undefined : 'dimmed'} aria-hidden>
            {on ? (sort.bestFirst ? '▼' : '▲') : '↕'}
          </Text>
        </Group>
      </UnstyledButton>
    );
    return (
      <Table.Th key={id} style={{ whiteSpace: 'nowrap' }} aria-sort={on ? (sort.bestFirst ? 'descending' : 'ascending') : 'none'}>
        {help ? <Tooltip label={help}>{button}</Tooltip> : button}
      </Table.Th>
    );
  };

  return (
    <div ref={scrollRef} style={{ overflow: 'auto', maxHeight: 'max(420px, 70vh)' }} data-tour="leaderboard">
      <Table highlightOnHover aria-label="Leaderboard" aria-rowcount={total + 1} aria-busy={pages.loading} verticalSpacing="xs" miw={900} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Tooltip label={`Tick 2 to ${MAX_COMPARED} runs to compare them`}>
                <Text size="xs" c="dimmed">
                  Compare
                </Text>
              </Tooltip>
            </Table.Th>
            <Table.Th>Model</Table.Th>
            {columns.map((c) => header(c.id, c.label, true, c.help))}
            {header('created', 'Trained', false)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && (
            <tr aria-hidden>
              <td colSpan={columnCount} style={{ height: padTop, padding: 0 }} />
            </tr>
          )}
          {items.map(({ index }) => {
            const run = pages.row(index);
            if (!run) {
              return (
                <Table.Tr key={`loading-${index}`} data-index={index} h={ROW_HEIGHT} data-testid="run-row-loading">
                  <Table.Td colSpan={columnCount}>
                    <Text size="xs" c="dimmed">
                      Loading…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            }
            return (
              <Table.Tr key={run.id} data-index={index} h={ROW_HEIGHT} data-testid={`run-row-${run.id}`} onClick={() => onOpen(run)} style={{ cursor: 'pointer' }}>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Checkbox aria-label={`Compare ${run.id}`} checked={selected.includes(run.id)} disabled={!selected.includes(run.id) && selected.length >= MAX_COMPARED} onChange={() => onToggle(run.id)} />
                </Table.Td>
                <Table.Td miw={200}>
                  <ModelCell run={run} />
                </Table.Td>
                {columns.map((c) => {
                  const v = c.value(run);
                  const b = best.get(c.id);
                  const isBest = v !== null && b !== undefined && same(v, b);
                  return (
                    <Table.Td key={c.id} ta="right" style={{ fontVariantNumeric: 'tabular-nums', fontWeight: isBest ? 700 : undefined }} aria-label={isBest ? `${c.label}: best` : undefined}>
                      {c.render(run)}
                    </Table.Td>
                  );
                })}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="xs">{formatDateTime(run.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={columnCount} style={{ height: padBottom, padding: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function ModelCell({ run }: { run: Run }): ReactNode {
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {SHORT_MODEL_NAMES[run.model]}
        </Text>
        {run.model === 'baseline' && (
          <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
            reference
          </Badge>
        )}
        <ResampledBadge run={run} />
        {run.reproduces && (
          <Badge size="xs" variant="outline" color="teal" style={{ flexShrink: 0 }} title={`Re-run of ${run.reproduces}`}>
            re-run
          </Badge>
        )}
        {run.tags.map((t) => (
          <Badge key={t} size="xs" variant="light" style={{ flexShrink: 0 }}>
            {t}
          </Badge>
        ))}
      </Group>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {run.dataset.name} v{run.dataset.version} · {run.id.slice(0, 12)}
      </Text>
    </>
  );
}

/** "SMOTE 1:1" on a run whose training rows were resampled for class imbalance. */
function ResampledBadge({ run }: { run: Run }) {
  const setting = resampleFromParams(run.params);
  if (!setting) return null;
  const short = setting.method === 'smote' ? 'SMOTE' : setting.method === 'oversample' ? 'Oversampled' : 'Undersampled';
  return (
    <Badge size="xs" variant="light" color="grape" style={{ flexShrink: 0, textTransform: 'none' }} title={`${RESAMPLE_NAMES[setting.method]} of the training rows to ${formatResampleRatio(setting.ratio)} (minority:majority)${setting.k ? `, k = ${setting.k}` : ''}; test rows are never resampled`}>
      {short} {formatResampleRatio(setting.ratio)}
    </Badge>
  );
}
