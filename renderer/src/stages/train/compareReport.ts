/**
 * The comparison as one standalone HTML file: no scripts, no links out, charts drawn as inline SVG, so it opens
 * anywhere (and can be carried across an air gap or attached to a review).
 */
import type { Run } from '@contract';
import { chartSpecs, metricRows, paramRows, runLabel, type ChartSpec, type Compared } from './compareData';
import { formatMetric, TASK_WORDS } from './runText';

const COLORS = ['#4263eb', '#e8590c', '#2b8a3e', '#ae3ec9'];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function tick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(Number(v.toFixed(3)));
}

/** One chart as SVG: axes with 5 ticks each, a line (or dots) per series, a legend below. */
export function svgChart(spec: ChartSpec): string {
  const [w, h, left, bottom, top, right] = [520, 320, 56, 44, 12, 12];
  const xs = spec.series.flatMap((s) => s.x);
  const ys = spec.series.flatMap((s) => s.y);
  const [x0, x1] = spec.unitSquare ? [0, 1] : [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = spec.unitSquare ? [0, 1] : [Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (w - left - right);
  const sy = (v: number) => h - bottom - ((v - y0) / (y1 - y0 || 1)) * (h - bottom - top);
  const parts: string[] = [`<rect x="${left}" y="${top}" width="${w - left - right}" height="${h - bottom - top}" fill="none" stroke="#ccc"/>`];
  for (let i = 0; i <= 4; i++) {
    const vx = x0 + ((x1 - x0) * i) / 4;
    const vy = y0 + ((y1 - y0) * i) / 4;
    parts.push(`<text x="${sx(vx)}" y="${h - bottom + 16}" text-anchor="middle">${tick(vx)}</text>`);
    parts.push(`<text x="${left - 6}" y="${sy(vy) + 4}" text-anchor="end">${tick(vy)}</text>`);
  }
  parts.push(`<text x="${(left + w - right) / 2}" y="${h - 6}" text-anchor="middle" font-weight="bold">${escape(spec.xName)}</text>`);
  parts.push(`<text transform="translate(14 ${(top + h - bottom) / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">${escape(spec.yName)}</text>`);
  if (spec.unitSquare) parts.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#999" stroke-dasharray="4 4"/>`);
  spec.series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length]!;
    if (spec.scatter) parts.push(...s.x.map((x, i) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(s.y[i]!).toFixed(1)}" r="2" fill="${color}" fill-opacity="0.6"/>`));
    else parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.x.map((x, i) => `${sx(x).toFixed(1)},${sy(s.y[i]!).toFixed(1)}`).join(' ')}"/>`);
  });
  const legend = spec.series.map((s, k) => `<span><i style="background:${COLORS[k % COLORS.length]}"></i>${escape(s.name)}</span>`).join('');
  return `<figure><figcaption>${escape(spec.title)}</figcaption><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${escape(spec.title)}">${parts.join('')}</svg><div class="legend">${legend}</div></figure>`;
}

function table(head: string[], rows: string[][], rowClass: (i: number) => string = () => ''): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r, i) => `<tr class="${rowClass(i)}">${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function compareReport(compared: readonly Compared[], projectName: string, createdAt = new Date()): string {
  const runs: Run[] = compared.map((c) => c.run);
  const labels = runs.map((r) => escape(runLabel(r, runs)));
  const first = runs[0]!;
  const metrics = metricRows(runs);
  const params = paramRows(runs);
  const runTable = table(['', ...labels], [
    ['Run', ...runs.map((r) => escape(r.id))],
    ['Data', ...runs.map((r) => escape(`${r.dataset.name} v${r.dataset.version}, ${String(r.split.spec.kind)} split ${r.split.trainRows}/${r.split.testRows}`))],
    ['Trained', ...runs.map((r) => escape(new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')))],
    ['Code version', ...runs.map((r) => escape(r.codeVersion ?? '—'))],
  ]);
  const metricTable = table(['Test metric', ...labels], metrics.map((m) => [escape(m.label), ...m.values.map((v, i) => (i === m.best ? `<b>${formatMetric(v)} ★</b>` : formatMetric(v)))]));
  const paramTable = table(['Setting', ...labels], params.map((p) => [escape(p.name), ...p.values.map(escape)]), (i) => (params[i]!.differs ? 'differs' : ''));
  const confusion = compared.filter((c) => c.evaluation.confusion).map((c) => {
    const classes = c.run.details.classLabels ?? c.evaluation.confusion!.map((_, i) => String(i));
    return `<div><h3>${escape(runLabel(c.run, runs))}</h3>${table(['true \\ predicted', ...classes.map(escape)], c.evaluation.confusion!.map((row, i) => [escape(classes[i]!), ...row.map(String)]))}</div>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gyre comparison · ${escape(projectName)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:32px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:8px 0}
table{border-collapse:collapse;margin:4px 0}th,td{border-bottom:1px solid #e5e5e5;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left;color:#555}tr.differs td{background:#fff8e1}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;width:520px}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;font-size:11px;fill:#444}.legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
.confusion{display:flex;flex-wrap:wrap;gap:24px}.muted{color:#666}
</style></head><body>
<h1>Comparison of ${runs.length} runs</h1>
<p class="muted">${escape(projectName)} · ${escape(TASK_WORDS[first.task])} of “${escape(first.target)}” · metrics on the test rows, computed from each exported ONNX file · made by Gyre ${escape(createdAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
${runTable}
<h2>Test metrics</h2><p class="muted">★ marks the best value of each row.</p>${metricTable}
<h2>Charts</h2><div class="charts">${chartSpecs(compared).map(svgChart).join('')}</div>
${confusion.length ? `<h2>Confusion matrices</h2><div class="confusion">${confusion.join('')}</div>` : ''}
<h2>Settings</h2><p class="muted">Highlighted rows differ between the runs.</p>${paramTable}
</body></html>
`;
}
