/**
 * The Results panel's checkpoint curve: an evaluation of every checkpoint of a run (`vla-lab eval
 * --every-checkpoint`, or Evaluate → "Every checkpoint") drawn as success (or average length)
 * against the checkpoint's step, with the 95% interval as a band, the best checkpoint marked with a
 * star, and a table of the same points (step, checkpoint, value [interval], episodes or chains, and
 * whether the point is within noise of the best). The shaping is the extension's
 * (core/metrics/checkpoint-curve.ts, sent as a `checkpoint-curve` message); this only draws.
 */
import { Chart, type ChartDataset } from 'chart.js';
import type { CheckpointCurveMessage } from '../../../extension/shared/messages/results';
import { h } from '../ui/dom';
import { withAlpha, type ThemeColors } from '../ui/theme';

type Point = { x: number; y: number };

/** "85% [64–95%]" or "2.31 [2.05–2.57]" (core/metrics/checkpoint-curve.ts formatCurveValue's wording). */
function curveValue(kind: CheckpointCurveMessage['kind'], p: { value: number; low: number; high: number }): string {
  if (kind === 'success') return `${Math.round(p.value * 100)}% [${Math.round(p.low * 100)}–${Math.round(p.high * 100)}%]`;
  return `${p.value.toFixed(2)} [${p.low.toFixed(2)}–${p.high.toFixed(2)}]`;
}

function curveTitle(c: CheckpointCurveMessage): string {
  return `${c.benchmark}: ${c.kind === 'success' ? 'success rate' : `average length (chains of ${c.chainLength})`} per checkpoint`;
}

/** One figure per curve: the chart and its table. Returns the charts made (the caller destroys them on redraw). */
export function renderCurve(parent: HTMLElement, runLabel: string, c: CheckpointCurveMessage, theme: ThemeColors, color: string): Chart {
  const title = `${curveTitle(c)} — ${runLabel}`;
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}. ${c.verdict}` });
  const pct = c.kind === 'success' ? 100 : 1;
  const pts = (f: (p: CheckpointCurveMessage['points'][number]) => number): Point[] => c.points.map((p) => ({ x: p.step, y: f(p) * pct }));
  const datasets: ChartDataset<'line', Point[]>[] = [
    { label: '95% interval (low)', data: pts((p) => p.low), borderWidth: 0, pointRadius: 0, fill: false },
    {
      label: '95% interval',
      data: pts((p) => p.high),
      borderWidth: 0,
      pointRadius: 0,
      fill: '-1',
      backgroundColor: withAlpha(color, theme.highContrast ? 0.35 : 0.18),
    },
    {
      label: c.kind === 'success' ? 'success' : 'avg len',
      data: pts((p) => p.value),
      borderColor: color,
      backgroundColor: color,
      borderWidth: theme.highContrast ? 2.5 : 1.75,
      pointRadius: c.points.map((p) => (p.best ? 9 : 3)),
      pointStyle: c.points.map((p) => (p.best ? 'star' : 'circle')),
      pointBorderWidth: c.points.map((p) => (p.best ? 2 : 1)),
    },
  ];
  const chart = new Chart<'line', Point[]>(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'checkpoint step', color: theme.muted },
          ticks: { color: theme.foreground },
          grid: { color: withAlpha(theme.grid, 0.6) },
        },
        y: {
          type: 'linear',
          min: 0,
          max: c.max * pct,
          title: { display: true, text: c.kind === 'success' ? 'success (%)' : 'average length', color: theme.muted },
          ticks: { color: theme.foreground },
          grid: { color: withAlpha(theme.grid, 0.6) },
        },
      },
      plugins: {
        legend: { labels: { color: theme.foreground, filter: (item) => item.datasetIndex !== 0, boxHeight: 2 } },
        tooltip: {
          filter: (item) => item.datasetIndex === 2,
          callbacks: {
            title: (items) => (items[0] ? `step ${items[0].parsed.x}` : ''),
            label: (item) => {
              const p = c.points[item.dataIndex];
              return `${p.checkpoint}: ${curveValue(c.kind, p)} (n ${p.n})${p.best ? ' · best' : p.withinNoiseOfBest ? ' · within noise of the best' : ''}`;
            },
          },
        },
      },
    },
  });
  const rows = c.points.map((p) =>
    h(
      'tr',
      { class: p.best ? 'best' : undefined },
      h('td', {}, String(p.step)),
      h('td', {}, p.checkpoint),
      h('td', {}, curveValue(c.kind, p)),
      h('td', {}, String(p.n)),
      h('td', {}, p.best ? '★ best' : p.withinNoiseOfBest ? 'within noise of the best' : ''),
    ),
  );
  const table = h(
    'table',
    { class: 'curve-table', 'aria-label': title },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'step'),
        h('th', { scope: 'col' }, 'checkpoint'),
        h('th', { scope: 'col' }, `${c.kind === 'success' ? 'success' : 'avg len'} [95% CI]`),
        h('th', { scope: 'col' }, c.kind === 'success' ? 'episodes' : 'chains'),
        h('th', { scope: 'col' }, ''),
      ),
    ),
    h('tbody', {}, ...rows),
  );
  parent.append(
    h(
      'figure',
      { class: 'chart curve', 'aria-label': title },
      h('h3', {}, title),
      h('div', { class: 'canvas-box' }, canvas),
      h('figcaption', { class: 'summary verdict' }, c.verdict),
      table,
    ),
  );
  return chart;
}
