/**
 * The Sweep webview: a study-style matrix over the sweep's two main axes, each cell coloured by the
 * chosen metric (more opaque = better), remaining axes fixed with selectors. Clicking a cell opens
 * that run's results; "Compare curves" overlays every run of the slice. A sweep with training seeds
 * shows each cell's mean over its seeds in the matrix and, below it, the study view (study.ts), whose
 * metric, task and comparison family the extension recomputes on a `study-view` message.
 */
import '../ui/panel.css';
import './style.css';
import { validateSweepToWebview, type SweepToExtension, type SweepToWebview } from '../../../extension/shared/messages/results';
import { formatMetric } from '../compare/model';
import { clear, h, vscodeApi } from '../ui/dom';
import { onThemeChange, readTheme, withAlpha } from '../ui/theme';
import { buildMatrix } from './model';
import { renderStudy } from './study';

const vscode = vscodeApi();
const send = (m: SweepToExtension) => vscode.postMessage(m);
const root = document.getElementById('sweep') as HTMLElement;
// `metric` unset: the first metric any run has a value of (single-task sweeps have no average length).
const ui = (vscode.getState() ?? { slice: {} }) as { metric?: string; slice: Record<string, string> };
let current: SweepToWebview | undefined;

function render(): void {
  const s = current;
  if (!s) return;
  clear(root);
  root.removeAttribute('aria-busy');
  const theme = readTheme();
  const valued = s.metrics.find((m) => s.cells.some((c) => typeof c.metrics[m.name] === 'number'));
  const metric = s.metrics.find((m) => m.name === ui.metric) ?? valued ?? s.metrics[0];
  if (!metric) return;
  const metricSelect = h(
    'select',
    { id: 'metric', 'aria-label': 'Colour by metric' },
    ...s.metrics.map((m) => h('option', { value: m.name }, m.label)),
  );
  metricSelect.value = metric.name;
  metricSelect.addEventListener('change', () => {
    ui.metric = metricSelect.value;
    vscode.setState(ui);
    render();
    document.getElementById('metric')?.focus();
  });
  const matrix = buildMatrix(s.axes, s.cells, metric, ui.slice);
  const sliceControls = matrix.sliceAxes.map((a) => {
    const sel = h('select', { id: `slice-${a.path}`, 'aria-label': a.path }, ...a.values.map((v) => h('option', { value: v }, v)));
    sel.value = ui.slice[a.path] ?? a.values[0];
    sel.addEventListener('change', () => {
      ui.slice[a.path] = sel.value;
      vscode.setState(ui);
      render();
      document.getElementById(`slice-${a.path}`)?.focus();
    });
    return h('label', {}, a.path, sel);
  });
  const compare = h('button', {}, 'Compare curves of this slice');
  const sliceRuns = matrix.cells.flat().flatMap((c) => c.runs);
  compare.disabled = sliceRuns.length === 0;
  compare.addEventListener('click', () => send({ type: 'open-results', runs: sliceRuns.slice(0, 64) }));
  const seedCount = new Set(s.cells.map((c) => c.seed).filter((x) => x !== undefined)).size;
  root.append(
    h('h1', {}, `Sweep ${s.sweep}`),
    h('p', { class: 'muted' }, `${s.cells.length} runs${seedCount > 1 ? ` (${seedCount} training seeds per point)` : ''}`),
    h('div', { class: 'toolbar' }, h('label', { for: 'metric' }, 'Metric', metricSelect), ...sliceControls, compare),
  );

  const head = h(
    'tr',
    {},
    h(
      'th',
      { scope: 'col' },
      matrix.rowAxis && matrix.colAxis ? `${matrix.rowAxis.path} \\ ${matrix.colAxis.path}` : (matrix.rowAxis?.path ?? ''),
    ),
    ...matrix.cols.map((c) => h('th', { scope: 'col' }, c)),
  );
  const body = h('tbody');
  matrix.rows.forEach((r, i) => {
    const tds = matrix.cells[i].map((cell, j) => {
      const seeds = cell.runs.length > 1 ? ` (mean of ${cell.valued} of ${cell.runs.length} seeds)` : '';
      const text = cell.run ? formatMetric(cell.value, metric.digits) + (cell.protocolDiffers ? ' ≠' : '') : 'not run';
      const differs = cell.protocolDiffers ? `; evaluated under a different protocol: ${cell.protocolDiffers}` : '';
      const label = `${matrix.rowAxis?.path ?? ''} ${r}, ${matrix.colAxis?.path ?? ''} ${matrix.cols[j]}: ${metric.label} ${text}${seeds}${cell.status ? ` (${cell.status})` : ''}${differs}`;
      const td = h('td', { class: 'cell' });
      if (cell.goodness !== null) td.style.background = withAlpha(theme.series[2], 0.15 + 0.6 * cell.goodness);
      if (cell.run) {
        // The value sits on a chip of the page's own colours, so it reads the same on any tint.
        const b = h(
          'button',
          { class: 'cell-button', 'aria-label': `${label}. Open its results.`, ...(differs ? { title: differs.slice(2) } : {}) },
          h(
            'span',
            { class: 'chip' },
            text,
            ...(seeds ? [h('span', { class: 'muted' }, `${cell.valued}/${cell.runs.length} seeds`)] : []),
            h('span', { class: 'muted' }, cell.status ?? ''),
          ),
        );
        const runs = cell.runs;
        b.addEventListener('click', () => send({ type: 'open-results', runs: runs.slice(0, 64) }));
        td.append(b);
      } else {
        td.append(h('span', { class: 'muted', 'aria-label': label }, text));
      }
      return td;
    });
    body.append(h('tr', {}, h('th', { scope: 'row' }, r), ...tds));
  });
  root.append(
    h(
      'table',
      { class: 'matrix', 'aria-label': `${metric.label} over the sweep (${metric.better} is better)` },
      h('thead', {}, head),
      body,
    ),
    h(
      'p',
      { class: 'muted' },
      `Cells are shaded by ${metric.label}: stronger is better (${metric.better} values).` +
        (matrix.cells.flat().some((c) => c.protocolDiffers)
          ? " ≠: evaluated under a different protocol than the sweep's first evaluated run (hover for the tags that differ)."
          : ''),
    ),
  );
  if (s.study)
    root.append(
      renderStudy(
        s.study,
        theme,
        (runs) => send({ type: 'open-results', runs: runs.slice(0, 64) }),
        (view) => send({ type: 'study-view', ...view }),
      ),
    );
}

onThemeChange(render);

window.addEventListener('message', (event: MessageEvent) => {
  const checked = validateSweepToWebview(event.data);
  if (!checked.ok) {
    console.warn(`VLA Lab sweep: ignored a message (${checked.reason})`);
    return;
  }
  current = checked.message;
  render();
});

send({ type: 'ready' });
