/** Small helpers for tooltip formatters: which data point is hovered, and text made safe for the tooltip's HTML. */

/** The hovered point's index; echarts passes one point (item trigger) or one per series (axis trigger). */
export function hoveredIndex(params: unknown): number {
  const point: unknown = Array.isArray(params) ? params[0] : params;
  if (typeof point === 'object' && point !== null && 'dataIndex' in point && typeof point.dataIndex === 'number') return point.dataIndex;
  return -1;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "<b>title</b><br>line<br>line", every part escaped. */
export function tooltipHtml(title: string, lines: string[]): string {
  return [`<b>${escapeHtml(title)}</b>`, ...lines.map(escapeHtml)].join('<br/>');
}
