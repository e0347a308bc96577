/**
 * The Sweep panel's study view (sweeps with training seeds): a chart of every cell's per-seed
 * points, mean and Student-t interval across seeds (chart.js: the interval a floating bar, seeds and
 * mean as points), the same numbers as a table (readable without the chart), and the pairwise
 * differences with whether each holds after Holm's correction. The numbers come computed from the
 * extension (core/metrics/study.ts, the ones `vla-lab report` writes), for the metric, task and
 * comparison family chosen here (a `study-view` message; nothing is recomputed in the webview).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { SweepStudy } from '../../../extension/shared/messages/results';
import { formatMetric, seedIntervalText } from '../compare/model';
import { h } from '../ui/dom';
import type { ThemeColors } from '../ui/theme';
import { withAlpha } from '../ui/theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

let chart: Chart<'bar' | 'line', (number | [number, number] | null)[], string> | undefined;

/** A study value as shown: a rate in percent, with the metric's decimals (those of `vla-lab report`). */
/** A p-value as the report prints it. */
const pValue = (v: number | null) => (v === null ? '—' : v < 0.001 ? v.toExponential(1) : v.toFixed(3));

function studyValue(study: Pick<SweepStudy, 'percent' | 'digits'>, v: number | null, signed = false): string {
  if (v === null) return '—';
  const x = study.percent ? v * 100 : v;
  return `${signed && x > 0 ? '+' : ''}${formatMetric(x, study.digits)}${study.percent ? '%' : ''}`;
}

/**
 * A selector of `[value, text]` options with `value` chosen: a native select, like the panel's
 * matrix selectors (the Sweep panel does not load the webview UI toolkit; the Dataset and Composer
 * panels do, its focus-visible probe passing the CSP through the page's csp-nonce meta tag — see
 * webview/src/ui/toolkit.ts).
 */
function selector(id: string, label: string, options: [string, string][], value: string, disabled: boolean): HTMLSelectElement {
  const el = h('select', { id, 'aria-label': label }, ...options.map(([v, text]) => h('option', { value: v }, text)));
  el.value = value;
  el.disabled = disabled;
  return el;
}

/** The control that asked for the view now shown: focused again after the re-render. */
let refocus: string | undefined;

/**
 * The study section: the metric, task and comparison selectors (`choose` asks the extension for the
 * study of another choice: `vla-lab report --metric M --task T --within AXIS`), heading, chart, the
 * per-seed table, the pairwise differences and the evaluations the metric does not apply to.
 */
export function renderStudy(
  study: SweepStudy,
  theme: ThemeColors,
  open: (runs: string[]) => void,
  choose: (view: { metric: string; task: string | null; within: string | null }) => void,
): HTMLElement {
  chart?.destroy();
  chart = undefined;
  const pct = Math.round(study.level * 100);
  const metricPick = selector(
    'study-metric',
    'Study metric',
    study.metrics.map((m) => [m.key, m.label]),
    study.metricKey,
    study.metrics.length < 2,
  );
  const taskPick = selector(
    'study-task',
    'Study task',
    [['', 'all tasks'], ...study.tasks.map((t): [string, string] => [t, t])],
    study.task ?? '',
    !study.perTask || !study.tasks.length,
  );
  // Compare within a column: the cells that share its value (one column: no two cells do).
  const withinPick = selector(
    'study-within',
    'Compare cells',
    [['', 'every pair'], ...study.axes.map((a): [string, string] => [a, `within each ${a}`])],
    study.within ?? '',
    study.axes.length < 2,
  );
  const current = { metric: study.metricKey, task: study.task, within: study.within };
  metricPick.addEventListener('change', () => {
    refocus = 'study-metric';
    choose({ ...current, metric: metricPick.value });
  });
  taskPick.addEventListener('change', () => {
    refocus = 'study-task';
    choose({ ...current, task: taskPick.value || null });
  });
  withinPick.addEventListener('change', () => {
    refocus = 'study-within';
    choose({ ...current, within: withinPick.value || null });
  });
  const taskText = study.task === null ? '' : ` (task ${study.task} only)`;
  const section = h(
    'section',
    { class: 'study', 'aria-label': 'Study with seeds' },
    h('h2', {}, `Seeds: ${study.metric}${taskText}`),
    h(
      'div',
      { class: 'toolbar' },
      h('label', {}, 'Metric', metricPick),
      h('label', {}, 'Task', taskPick),
      h('label', {}, 'Compare', withinPick),
    ),
    h(
      'p',
      { class: 'muted' },
      `Each seed's result (points), the mean (bar) and its ${pct}% Student-t interval across seeds (shaded)${study.better === 'lower' ? '; lower is better' : ''}; ` +
        `differences between cells tested with Welch's t-test, Holm-corrected (α = ${study.alpha}).${study.missing ? ` ${study.missing} run${study.missing === 1 ? '' : 's'} without a finished evaluation are not counted yet.` : ''}`,
    ),
  );
  const focusBack = refocus;
  refocus = undefined;
  if (focusBack) queueMicrotask(() => document.getElementById(focusBack)?.focus());
  const notApplicable = study.notApplicable.length
    ? [
        h(
          'p',
          { class: 'muted', id: 'study-not-applicable' },
          `Not applicable, not counted (as 0 or otherwise): ${study.notApplicable.join(', ')}.`,
        ),
      ]
    : [];
  if (!study.cells.length) {
    section.append(
      h(
        'p',
        {},
        study.notApplicable.length
          ? `No evaluation of this sweep has a value of ${study.metric}${taskText}.`
          : 'No run of this sweep has finished its evaluation yet.',
      ),
      ...notApplicable,
    );
    return section;
  }
  const canvas = h('canvas', {
    id: 'study-chart',
    role: 'img',
    'aria-label': `${study.metric} per cell: per-seed points, mean and ${pct}% interval (the table below lists the same numbers)`,
  }) as HTMLCanvasElement;
  section.append(h('div', { class: 'study-chart' }, canvas));
  const scale = (v: number | null) => (v === null ? null : study.percent ? v * 100 : v);
  const labels = study.cells.map((c) => c.label);
  const maxSeeds = Math.max(...study.cells.map((c) => c.points.length));
  chart = new Chart<'bar' | 'line', (number | [number, number] | null)[], string>(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: `${pct}% interval`,
          order: 3,
          data: study.cells.map((c) => (c.lo === null || c.hi === null ? null : ([scale(c.lo)!, scale(c.hi)!] as [number, number]))),
          backgroundColor: withAlpha(theme.series[0], 0.25),
          borderColor: theme.series[0],
          borderWidth: 1,
          barPercentage: 0.5,
        },
        {
          type: 'line',
          label: 'mean',
          order: 2,
          showLine: false,
          data: study.cells.map((c) => scale(c.mean)),
          pointStyle: 'line',
          pointRadius: 14,
          pointBorderWidth: 3,
          borderColor: theme.foreground,
          backgroundColor: theme.foreground,
        },
        // One dataset per seed index, so each seed keeps its colour across cells.
        ...Array.from({ length: maxSeeds }, (_, k) => ({
          type: 'line' as const,
          label: `seed ${study.cells.find((c) => c.points[k])?.points[k].seed ?? k}`,
          order: 1,
          showLine: false,
          data: study.cells.map((c) => (c.points[k] ? scale(c.points[k].value) : null)),
          pointRadius: 5,
          pointHoverRadius: 7,
          borderColor: theme.series[(k + 1) % theme.series.length],
          backgroundColor: theme.series[(k + 1) % theme.series.length],
        })),
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { color: theme.foreground }, grid: { color: theme.grid } },
        y: {
          ticks: { color: theme.foreground },
          grid: { color: theme.grid },
          title: { display: true, text: study.metric + (study.percent ? ' (%)' : '') + taskText, color: theme.foreground },
        },
      },
      plugins: { legend: { labels: { color: theme.foreground } } },
      onClick: (_e, elements) => {
        const i = elements[0]?.index;
        if (i !== undefined && study.cells[i]) open(study.cells[i].points.map((p) => p.run));
      },
    },
  });

  const rows = study.cells.map((c) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, c.label),
      h('td', {}, c.points.map((p) => `${p.seed === null ? '' : `s${p.seed} `}${studyValue(study, p.value)}`).join(', ')),
      h('td', {}, studyValue(study, c.mean)),
      h(
        'td',
        c.clipped ? { title: "the t-interval reached past the metric's range (below 0% or above 100%) and is cut there" } : {},
        seedIntervalText(c, (v) => studyValue(study, v)),
      ),
      h('td', {}, String(c.n)),
    ),
  );
  section.append(
    h(
      'table',
      { class: 'study-table', 'aria-label': `${study.metric}: per-seed points, mean and interval per cell` },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'cell'),
          h('th', { scope: 'col' }, 'per-seed points'),
          h('th', { scope: 'col' }, 'mean'),
          h('th', { scope: 'col' }, `${pct}% interval`),
          h('th', { scope: 'col' }, 'seeds'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );

  if (study.comparisons.length) {
    const pairs = study.comparisons.map((c) =>
      h(
        'tr',
        {},
        h('td', {}, study.cells[c.a].label),
        h('td', {}, study.cells[c.b].label),
        h('td', {}, studyValue(study, c.diff, true)),
        h('td', {}, pValue(c.p)),
        h('td', {}, pValue(c.pHolm)),
        h('td', { class: c.holds ? 'holds' : 'muted' }, c.p === null ? 'not testable' : c.holds ? 'holds' : 'within noise'),
      ),
    );
    const n = study.comparisons.length;
    section.append(
      h(
        'p',
        { class: 'muted', id: 'study-family' },
        `${study.within === null ? 'Every pair of cells' : `Pairs of cells within each ${study.within} (cells that share its value)`}: Holm-corrected over ${n} comparison${n === 1 ? '' : 's'}.`,
      ),
      h(
        'table',
        { class: 'study-table', 'aria-label': 'Pairwise differences between cells' },
        h(
          'thead',
          {},
          h('tr', {}, ...['A', 'B', 'mean A − B', 'p (Welch)', 'p (Holm)', 'after correction'].map((t) => h('th', { scope: 'col' }, t))),
        ),
        h('tbody', {}, ...pairs),
      ),
    );
  } else if (study.within !== null) {
    section.append(h('p', { id: 'study-family' }, `No two cells share a value of ${study.within}: nothing to compare.`));
  }
  if (study.trend) {
    const t = study.trend;
    section.append(
      h(
        'p',
        { id: 'study-trend' },
        `Trend over ${t.axis} (one test, apart from the pairs): ${studyValue(study, t.slope, true)} per doubling ` +
          `(${Math.round(study.level * 100)}% CI ${studyValue(study, t.lo, true)} to ${studyValue(study, t.hi, true)}), p = ${pValue(t.p)}: ` +
          `${t.holds ? 'holds' : 'within noise'}.`,
      ),
    );
  }
  section.append(...notApplicable);
  return section;
}
