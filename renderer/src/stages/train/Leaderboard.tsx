/**
 * Every run of one problem (target + task) in a sortable table: the task's headline test metrics, the charter's
 * success criteria as pass/fail columns against "acceptable" and "target", and what each model costs (training
 * time, one-row latency, file size). The best value of each metric column is marked; baselines are labelled.
 */
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Badge, Checkbox, Group, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { criterionValue, METRIC_INFO, verdict, type RunSummary as Run, type SuccessCriterion, type Verdict } from '@contract';
import { formatDateTime } from '../../components/format';
import { formatBytes, formatMetric, formatMs, formatSeconds, HEADLINE, SHORT_MODEL_NAMES } from './runText';

interface Column {
  id: string;
  label: string;
  /** Shown on hover over the header. */
  help?: string;
  better: 'higher' | 'lower';
  value(run: Run): number | null;
  render(run: Run): React.ReactNode;
  numeric: boolean;
}

const VERDICT_COLORS: Record<Verdict, string> = { target: 'teal', acceptable: 'yellow', fail: 'red', unknown: 'gray' };
const VERDICT_WORDS: Record<Verdict, string> = { target: 'meets the target', acceptable: 'acceptable, short of the target', fail: 'below acceptable', unknown: 'not measured' };

function columnsFor(runs: Run[], criteria: SuccessCriterion[]): Column[] {
  const task = runs[0]!.task;
  const metrics: Column[] = HEADLINE[task].map((m) => ({
    id: m.key,
    label: m.label,
    better: m.better,
    numeric: true,
    value: (r) => r.metrics[m.key] ?? null,
    render: (r) => formatMetric(r.metrics[m.key]),
  }));
  const charter: Column[] = criteria.map((c) => {
    const info = METRIC_INFO[c.metric];
    return {
      id: `criterion:${c.metric}`,
      label: `${info.label} ${c.direction === 'higher' ? '≥' : '≤'} ${c.acceptable}`,
      help: `Charter: acceptable ${c.acceptable}, target ${c.target}${info.unit ? ` ${info.unit}` : ''} (${c.direction} is better)`,
      better: c.direction,
      numeric: true,
      value: (r) => criterionValue(r, c.metric),
      render: (r) => {
        const v = criterionValue(r, c.metric);
        const judged = verdict(v, c);
        return (
          <Tooltip label={`${info.label} ${formatMetric(v)}: ${VERDICT_WORDS[judged]}`}>
            <Badge variant="light" color={VERDICT_COLORS[judged]} style={{ textTransform: 'none' }} aria-label={`${info.label}: ${VERDICT_WORDS[judged]}`}>
              {judged === 'unknown' ? '—' : `${judged === 'fail' ? '✗' : '✓'} ${formatMetric(v)}`}
            </Badge>
          </Tooltip>
        );
      },
    };
  });
  const cost: Column[] = [
    { id: 'train', label: 'Train time', better: 'lower', numeric: true, value: (r) => r.trainSeconds, render: (r) => formatSeconds(r.trainSeconds) },
    { id: 'latency', label: 'p95 latency', help: 'One row per call through the exported file', better: 'lower', numeric: true, value: (r) => r.cost?.latencyP95Ms ?? null, render: (r) => formatMs(r.cost?.latencyP95Ms) },
    { id: 'size', label: 'Size', help: 'The exported ONNX file', better: 'lower', numeric: true, value: (r) => r.onnx.size, render: (r) => formatBytes(r.onnx.size) },
  ];
  return [...metrics, ...charter, ...cost];
}

/** Sorting: the column and whether the best come first (the default) or the worst. */
interface Sort {
  id: string;
  bestFirst: boolean;
}

function sortRuns(runs: Run[], columns: Column[], sort: Sort | null): Run[] {
  if (!sort) return runs;
  if (sort.id === 'created') return [...runs].sort((a, b) => (sort.bestFirst ? b.createdAt.localeCompare(a.createdAt) : a.createdAt.localeCompare(b.createdAt)));
  const column = columns.find((c) => c.id === sort.id);
  if (!column) return runs;
  const sign = (column.better === 'higher' ? -1 : 1) * (sort.bestFirst ? 1 : -1);
  return [...runs].sort((a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1; // unmeasured last
    return sign * (va - vb);
  });
}

interface Props {
  runs: Run[];
  criteria: SuccessCriterion[];
  /** Runs ticked for comparison (at most 4). */
  selected: string[];
  onToggle(id: string): void;
  onOpen(run: Run): void;
}

export const MAX_COMPARED = 4;

/** A row's height before it is measured: two lines of text. */
const ROW_HEIGHT = 58;

export function Leaderboard({ runs, criteria, selected, onToggle, onOpen }: Props) {
  const columns = useMemo(() => columnsFor(runs, criteria), [runs, criteria]);
  // Best first by the first charter criterion (what success means here), else the task's headline metric.
  const [sort, setSort] = useState<Sort | null>(null);
  const activeId = sort?.id ?? columns.find((c) => c.id.startsWith('criterion:'))?.id ?? columns[0]!.id;
  const bestFirst = sort?.bestFirst ?? true;
  const active: Sort = { id: activeId, bestFirst };
  // Sorted once per change of runs or order, not on every scroll frame of the virtualized body.
  const sorted = useMemo(() => sortRuns(runs, columns, { id: activeId, bestFirst }), [runs, columns, activeId, bestFirst]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Thousands of runs stay fast: only the rows in view (and a few around them) are in the DOM.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({ count: sorted.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtual.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columnCount = columns.length + 3;
  const best = useMemo(() => {
    const out = new Map<string, number>();
    for (const c of columns) {
      const values = runs.map(c.value).filter((v): v is number => v !== null);
      if (values.length > 1) out.set(c.id, c.better === 'higher' ? Math.max(...values) : Math.min(...values));
    }
    return out;
  }, [runs, columns]);

  const header = (id: string, label: string, numeric: boolean, help?: string) => {
    const on = active.id === id;
    const button = (
      <UnstyledButton onClick={() => setSort({ id, bestFirst: on ? !active.bestFirst : true })} aria-label={`Sort by ${label}`}>
        <Group gap={4} wrap="nowrap" justify={numeric ? 'flex-end' : 'flex-start'}>
          <Text fw={600} size="sm">
            {label}
          </Text>
          <Text size="xs" c={on ? undefined : 'dimmed'} aria-hidden>
            {on ? (active.bestFirst ? '▼' : '▲') : '↕'}
          </Text>
        </Group>
      </UnstyledButton>
    );
    return (
      <Table.Th key={id} style={{ whiteSpace: 'nowrap' }} aria-sort={on ? (active.bestFirst ? 'descending' : 'ascending') : 'none'}>
        {help ? <Tooltip label={help}>{button}</Tooltip> : button}
      </Table.Th>
    );
  };

  return (
    <div ref={scrollRef} style={{ overflow: 'auto', maxHeight: 'max(420px, 70vh)' }}>
      <Table highlightOnHover aria-label="Leaderboard" aria-rowcount={sorted.length + 1} verticalSpacing="xs" miw={900} stickyHeader>
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
            {columns.map((c) => header(c.id, c.label, c.numeric, c.help))}
            {header('created', 'Trained', false)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && (
            <tr aria-hidden>
              <td colSpan={columnCount} style={{ height: padTop, padding: 0 }} />
            </tr>
          )}
          {items.map(({ index }) => sorted[index]!).map((run, i) => (
            <Table.Tr key={run.id} data-index={items[i]!.index} ref={virtual.measureElement} data-testid={`run-row-${run.id}`} onClick={() => onOpen(run)} style={{ cursor: 'pointer' }}>
              <Table.Td onClick={(e) => e.stopPropagation()}>
                <Checkbox aria-label={`Compare ${run.id}`} checked={selected.includes(run.id)} disabled={!selected.includes(run.id) && selected.length >= MAX_COMPARED} onChange={() => onToggle(run.id)} />
              </Table.Td>
              <Table.Td miw={200}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {SHORT_MODEL_NAMES[run.model]}
                  </Text>
                  {run.model === 'baseline' && (
                    <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
                      reference
                    </Badge>
                  )}
                  {run.reproduces && (
                    <Tooltip label={`Re-run of ${run.reproduces}`}>
                      <Badge size="xs" variant="outline" color="teal" style={{ flexShrink: 0 }}>
                        re-run
                      </Badge>
                    </Tooltip>
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
              </Table.Td>
              {columns.map((c) => {
                const v = c.value(run);
                const isBest = v !== null && best.get(c.id) === v && !c.id.startsWith('criterion:');
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
          ))}
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
