/** The lineage graph of a model version, laid out left to right by step: charter, data, split, run, evaluations, version. */
import type { Lineage, LineageNode } from '@contract';
import type { ChartOption } from '../../../components/charts/echarts';
import { tooltipHtml } from '../../../components/charts/tooltip';

const COLUMN: Record<LineageNode['kind'], number> = { charter: 0, dataset: 1, split: 2, run: 3, evaluation: 4, model: 5 };
const COLOR: Record<LineageNode['kind'], string> = { charter: '#7950f2', dataset: '#1c7ed6', split: '#0ca678', run: '#f08c00', evaluation: '#e64980', model: '#2f9e44' };

/** Grid positions: a column per step; within a column, nodes stacked in the order they come. */
export function lineageLayout(lineage: Lineage): Map<string, { x: number; y: number }> {
  const perColumn = new Map<number, number>();
  const out = new Map<string, { x: number; y: number }>();
  for (const node of lineage.nodes) {
    const column = COLUMN[node.kind];
    const row = perColumn.get(column) ?? 0;
    perColumn.set(column, row + 1);
    out.set(node.id, { x: column * 180, y: row * 90 });
  }
  return out;
}

export function lineageOption(lineage: Lineage): ChartOption {
  const at = lineageLayout(lineage);
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const data = (p as { data?: { node?: LineageNode } }).data;
        return data?.node ? tooltipHtml(data.node.label, [data.node.detail]) : '';
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: false,
        symbol: 'roundRect',
        symbolSize: [150, 44],
        label: { show: true, color: '#fff', fontSize: 11, width: 140, overflow: 'truncate' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        lineStyle: { color: '#adb5bd', width: 1.5, curveness: 0.1 },
        data: lineage.nodes.map((n) => ({ name: n.id, value: n.label, x: at.get(n.id)!.x, y: at.get(n.id)!.y, node: n, label: { formatter: n.label }, itemStyle: { color: COLOR[n.kind] } })),
        links: lineage.edges.map((e) => ({ source: e.from, target: e.to })),
      },
    ],
  };
}
