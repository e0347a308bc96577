/**
 * The Results webview: live loss curves (chart.js), the evaluation tables and the rollout gallery.
 * It renders what the extension sends (validated on arrival), applying increments in place: a
 * `series-append` splices the curve's tail and redraws that chart once per animation frame. The
 * smoothing slider is handled here entirely (smoothing.ts): no round trip to the extension.
 */
import '../ui/panel.css';
import './style.css';
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import {
  validateResultsToWebview,
  type MediaItem,
  type ResultsToExtension,
  type RunSummary,
  type XAxis,
} from '../../../extension/shared/messages/results';
import { clear, debounce, h, perFrame, vscodeApi } from '../ui/dom';
import { onThemeChange, readTheme, withAlpha, type ThemeColors } from '../ui/theme';
import { buildDatasets, chartGroups, chartSummary, formatValue, formatX, xAxisTitle, type ChartGroup } from './charts';
import { describeClip, filterMedia, stepTime, tasksOf, type GalleryFilter, type Outcome } from './gallery';
import { decodeGif, GifPlayback, type DecodedGif } from './gif';
import { emptyState, noDirt, reduce, runLabel, type Dirty } from './state';
import { formatSuccess } from '../../../extension/core/metrics/success';
import { renderCurve } from './curve';
import { buildChainTable, buildSingleTaskTable, buildTaskTable, formatCount, formatRate } from './table';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip, Filler);

interface Persisted {
  logScale: boolean;
  filter: GalleryFilter;
}

const vscode = vscodeApi();
const send = (m: ResultsToExtension) => vscode.postMessage(m);
const saved = (vscode.getState() ?? {}) as Partial<Persisted>;
const ui: Persisted = { logScale: saved.logScale ?? false, filter: saved.filter ?? { task: '', outcome: 'all' } };
const persist = () => vscode.setState(ui);

const state = emptyState();
let theme: ThemeColors = readTheme();
let pending: Dirty = noDirt();

const root = document.getElementById('results') as HTMLElement;

// ---- layout -------------------------------------------------------------------------------------

const titleEl = h('h1', {}, 'Results');
const runsEl = h('ul', { class: 'runs', 'aria-label': 'Runs' });
const noticesEl = h('div', { class: 'notices', 'aria-live': 'polite' });

const smoothingInput = h('input', {
  type: 'range',
  min: 0,
  max: 0.99,
  step: 0.01,
  value: 0.6,
  id: 'smoothing',
  'aria-describedby': 'smoothing-value',
});
const smoothingValue = h('output', { id: 'smoothing-value', for: 'smoothing' }, '0.60');
const logInput = h('input', { type: 'checkbox', id: 'log-scale' });
const xSelect = h(
  'select',
  { id: 'x-axis', 'aria-label': 'X axis' },
  h('option', { value: 'step' }, 'step'),
  h('option', { value: 'relative' }, 'relative time'),
  h('option', { value: 'wall' }, 'wall time'),
);
const toolbar = h(
  'div',
  { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart settings' },
  h('label', { for: 'smoothing' }, 'Smoothing', smoothingInput, smoothingValue),
  h('label', { for: 'log-scale' }, logInput, 'Log scale'),
  h('label', { for: 'x-axis' }, 'X axis', xSelect),
);

const chartsEl = h('section', { class: 'charts', 'aria-label': 'Training curves' });
const emptyChartsEl = h('p', { class: 'muted' }, 'No scalars yet: the curves appear as the run logs them.');
const evalsEl = h('section', { class: 'evals', 'aria-labelledby': 'evals-title' });
const galleryEl = h('section', { class: 'gallery', 'aria-labelledby': 'gallery-title' });
const manifestEl = h('section', { class: 'manifest', 'aria-label': 'Reproducibility manifest' });
const curvesEl = h('section', { class: 'curves', 'aria-labelledby': 'curves-title', hidden: true });

clear(root);
root.removeAttribute('aria-busy');
root.append(titleEl, runsEl, noticesEl, toolbar, chartsEl, curvesEl, evalsEl, galleryEl, manifestEl);
chartsEl.append(emptyChartsEl);

// ---- controls -----------------------------------------------------------------------------------

const sendView = debounce(() => send({ type: 'set-view', view: { ...state.view } }), 150);
const redrawSoon = perFrame(() => redrawAllCharts());

// Smoothing is computed here: the charts redraw at once; the extension is only told the new
// weight (debounced) so that the next panel it opens starts with it. Nothing comes back.
smoothingInput.addEventListener('input', () => {
  state.view.smoothing = Math.min(0.99, Math.max(0, Number(smoothingInput.value)));
  smoothingValue.textContent = state.view.smoothing.toFixed(2);
  redrawSoon();
  sendView();
});
// A new x axis re-picks the downsampled points: the extension answers with every curve again.
xSelect.addEventListener('change', () => {
  state.view.x = xSelect.value as XAxis;
  sendView();
});
logInput.checked = ui.logScale;
logInput.addEventListener('change', () => {
  ui.logScale = logInput.checked;
  persist();
  for (const c of charts.values()) c.chart.options.scales!.y!.type = ui.logScale ? 'logarithmic' : 'linear';
  redrawAllCharts();
  renderCurves();
});

// ---- charts -------------------------------------------------------------------------------------

interface ChartEntry {
  group: ChartGroup;
  chart: Chart<'line', { x: number; y: number | null }[]>;
  canvas: HTMLCanvasElement;
  summary: HTMLElement;
}

const charts = new Map<string, ChartEntry>();

function createChart(group: ChartGroup): ChartEntry {
  const canvas = h('canvas', { role: 'img', 'aria-label': group.title });
  const summary = h('figcaption', { class: 'summary' });
  const figure = h(
    'figure',
    { class: 'chart', 'aria-label': group.title },
    h('h3', {}, group.title),
    h('div', { class: 'canvas-box' }, canvas),
    summary,
  );
  chartsEl.append(figure);
  const chart = new Chart<'line', { x: number; y: number | null }[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.5, tension: 0 } },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: xAxisTitle(state.view.x) },
          ticks: { callback: (v) => formatX(state.view.x, Number(v)), maxTicksLimit: 8 },
        },
        y: { type: ui.logScale ? 'logarithmic' : 'linear', title: { display: true, text: group.yLabel } },
      },
      plugins: {
        legend: {
          labels: { filter: (item, data) => !(data.datasets[item.datasetIndex!] as unknown as { isRaw?: boolean }).isRaw, boxHeight: 2 },
        },
        tooltip: {
          filter: (item) => !(item.dataset as unknown as { isRaw?: boolean }).isRaw,
          callbacks: {
            title: (items) => (items[0] ? `${xAxisTitle(state.view.x)} ${formatX(state.view.x, items[0].parsed.x ?? 0)}` : ''),
            label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y)}`,
          },
        },
      },
    },
  });
  const entry = { group, chart, canvas, summary };
  applyTheme(entry);
  return entry;
}

function applyTheme(e: ChartEntry): void {
  const o = e.chart.options;
  const axisColors = { color: theme.foreground };
  for (const axis of ['x', 'y'] as const) {
    const s = o.scales![axis]!;
    s.grid = { ...(s.grid ?? {}), color: withAlpha(theme.grid, theme.highContrast ? 1 : 0.6) };
    s.ticks = { ...(s.ticks ?? {}), ...axisColors };
    if (s.title) (s.title as { color?: string }).color = theme.muted;
  }
  o.plugins!.legend!.labels!.color = theme.foreground;
  // What the chart draws its text with, read back from its options: the e2e theme test checks
  // these against the panel background (a canvas has no computed style to ask).
  const x = o.scales!.x!;
  e.canvas.dataset.tickColor = String(x.ticks?.color ?? '');
  e.canvas.dataset.titleColor = String((x.title as { color?: unknown } | undefined)?.color ?? '');
  e.canvas.dataset.legendColor = String(o.plugins!.legend!.labels!.color ?? '');
}

function redrawChart(e: ChartEntry): void {
  const specs = buildDatasets(state, e.group, { colors: theme.series, smoothing: state.view.smoothing, logScale: ui.logScale });
  const datasets: ChartDataset<'line', { x: number; y: number | null }[]>[] = specs.map((s) => {
    const ds: ChartDataset<'line', { x: number; y: number | null }[]> & { isRaw?: boolean } = {
      label: s.label,
      data: s.data,
      borderColor: s.raw ? withAlpha(s.color, theme.highContrast ? 0.5 : 0.25) : s.color,
      backgroundColor: s.color,
      borderWidth: s.raw ? 1 : theme.highContrast ? 2.5 : 1.75,
      borderDash: s.dashed ? [6, 3] : undefined,
      pointRadius: 0,
    };
    ds.isRaw = s.raw;
    return ds;
  });
  e.chart.data.datasets = datasets;
  const x = e.chart.options.scales!.x!;
  (x.title as { text?: string }).text = xAxisTitle(state.view.x);
  e.chart.update('none');
  const text = chartSummary(state, e.group);
  e.summary.textContent = text;
  e.canvas.setAttribute('aria-label', `${e.group.title}. ${text}`);
}

function allNames(): string[] {
  const names: string[] = [];
  for (const m of state.series.values()) names.push(...m.keys());
  return names;
}

/** Creates charts for new groups and redraws those whose series changed. */
function syncCharts(changed: Set<string> | 'all'): void {
  const groups = chartGroups(allNames());
  emptyChartsEl.hidden = groups.length > 0;
  for (const g of groups) {
    let e = charts.get(g.id);
    const membersChanged = e && e.group.names.join('\n') !== g.names.join('\n');
    if (!e) {
      e = createChart(g);
      charts.set(g.id, e);
    }
    e.group = g;
    if (changed === 'all' || membersChanged || g.names.some((n) => changed.has(n))) redrawChart(e);
  }
  // Keep the DOM order the same as the group order.
  for (const g of groups) chartsEl.append(charts.get(g.id)!.canvas.closest('figure')!);
}

function redrawAllCharts(): void {
  for (const e of charts.values()) redrawChart(e);
}

onThemeChange(() => {
  theme = readTheme();
  for (const e of charts.values()) applyTheme(e);
  redrawAllCharts();
});

// ---- runs, notices ------------------------------------------------------------------------------

function renderRuns(): void {
  titleEl.textContent = state.title || 'Results';
  clear(runsEl);
  state.runs.forEach((r, i) => {
    const progress = r.total ? ` · step ${r.step ?? 0}/${r.total}` : r.step !== undefined ? ` · step ${r.step}` : '';
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = theme.series[i % theme.series.length];
    const reveal = h(
      'button',
      { class: 'link', title: 'Reveal the run folder', 'aria-label': `Reveal the folder of ${runLabel(state, r.key)}` },
      'folder',
    );
    reveal.addEventListener('click', () => send({ type: 'reveal-run', run: r.key }));
    const log = h(
      'button',
      { class: 'link', title: 'Show the run’s output', 'aria-label': `Show the output of ${runLabel(state, r.key)}` },
      'log',
    );
    log.addEventListener('click', () => send({ type: 'open-log', run: r.key }));
    runsEl.append(
      h(
        'li',
        {},
        swatch,
        h('strong', {}, runLabel(state, r.key)),
        ' ',
        h('span', { class: 'badge status' }, r.status),
        progress,
        r.error ? h('span', { class: 'error' }, ` — ${r.error}`) : undefined,
        ' ',
        reveal,
        ' ',
        log,
        runWarnings(r),
      ),
    );
  });
}

/** The run's warnings (training-health alarms: what was seen, then what to check), or nothing. */
function runWarnings(r: RunSummary): HTMLElement | undefined {
  if (!r.warnings?.length) return undefined;
  return h(
    'ul',
    { class: 'warnings', 'aria-label': `Warnings of ${runLabel(state, r.key)}` },
    ...r.warnings.map((w) =>
      h(
        'li',
        { role: 'status' },
        h('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '⚠ '),
        `${w.step !== undefined ? `step ${w.step}: ` : ''}${w.message}`,
        w.code ? h('span', { class: 'code' }, ` [${w.code}]`) : undefined,
        w.advice ? h('div', { class: 'advice' }, w.advice) : undefined,
      ),
    ),
  );
}

function renderNotices(): void {
  clear(noticesEl);
  for (const n of state.notices)
    noticesEl.append(h('div', { class: `notice ${n.level}`, role: n.level === 'error' ? 'alert' : 'status' }, n.message));
}

// ---- evaluation tables --------------------------------------------------------------------------

function renderEvals(): void {
  clear(evalsEl);
  const label = (k: string) => runLabel(state, k);
  const chain = buildChainTable(state.runs, state.evals, label);
  const single = buildSingleTaskTable(state.runs, state.evals, label);
  evalsEl.append(h('h2', { id: 'evals-title' }, 'Evaluation'));
  if (chain.rows.length === 0 && single.rows.length === 0) {
    evalsEl.append(h('p', { class: 'muted' }, 'No evaluation results yet.'));
    return;
  }
  if (single.rows.length) {
    const thead = h('tr', {}, h('th', { scope: 'col' }, 'Task'), ...single.columns.map((c) => h('th', { scope: 'col' }, c.label)));
    const tbody = h('tbody');
    for (const row of single.rows)
      tbody.append(h('tr', {}, h('th', { scope: 'row' }, row.task), ...row.cells.map((c) => h('td', {}, c ? formatSuccess(c) : '—'))));
    evalsEl.append(
      h(
        'table',
        { class: 'single-task-table', 'aria-label': 'Single-task success rate per task' },
        h(
          'caption',
          { class: 'muted' },
          'Single-task evaluation: successes / episodes per task, with the 95% Wilson interval of the success rate.',
        ),
        h('thead', {}, thead),
        tbody,
      ),
    );
  }
  if (chain.rows.length === 0) return;
  const head = h(
    'tr',
    {},
    h(
      'th',
      { scope: 'col', title: 'The evaluation protocol (benchmark, version, CALVIN split) of these results' },
      chain.protocol ? `Policy — ${chain.protocol}` : 'Policy',
    ),
    ...Array.from({ length: chain.chainLength }, (_, i) =>
      h('th', { scope: 'col', title: `Completed ${i + 1} subtask(s) in a row` }, String(i + 1)),
    ),
    h('th', { scope: 'col' }, 'Avg. len'),
    h('th', { scope: 'col' }, 'Chains'),
  );
  const body = h('tbody');
  for (const r of chain.rows) {
    body.append(
      h(
        'tr',
        { class: r.reference ? 'reference' : '' },
        h('th', { scope: 'row' }, r.label),
        ...r.sr.map((v) => h('td', {}, formatRate(v))),
        h('td', {}, r.avgLen === null ? '—' : r.avgLen.toFixed(2)),
        h('td', {}, r.chains !== undefined ? String(r.chains) : '—'),
      ),
    );
  }
  evalsEl.append(
    h(
      'table',
      { class: 'chain-table', 'aria-label': 'Success rate by number of subtasks completed in a row' },
      h(
        'caption',
        { class: 'muted' },
        'Success rate of completing 1…N instructions in a row, and the average number completed. Italic rows are figures from the RoboVLMs paper, for reference.',
      ),
      h('thead', {}, head),
      body,
    ),
  );

  const tasks = buildTaskTable(state.runs, state.evals, label);
  if (tasks.rows.length) {
    const thead = h('tr', {}, h('th', { scope: 'col' }, 'Task'), ...tasks.columns.map((c) => h('th', { scope: 'col' }, c.label)));
    const tbody = h('tbody');
    for (const row of tasks.rows)
      tbody.append(h('tr', {}, h('th', { scope: 'row' }, row.task), ...row.cells.map((c) => h('td', {}, formatCount(c)))));
    evalsEl.append(
      h('h3', {}, 'Per task'),
      h('table', { class: 'task-table', 'aria-label': 'Successes per task' }, h('thead', {}, thead), tbody),
    );
  }
}

// ---- checkpoint curve (an evaluation of every checkpoint) ------------------------------------------

let curveCharts: Chart[] = [];

/** One figure per run and curve: success (or avg len) against the checkpoint step, the best starred (curve.ts). */
function renderCurves(): void {
  for (const c of curveCharts) c.destroy();
  curveCharts = [];
  clear(curvesEl);
  const runs = state.runs.filter((r) => state.curves.get(r.key)?.length);
  curvesEl.hidden = runs.length === 0;
  if (!runs.length) return;
  curvesEl.append(h('h2', { id: 'curves-title' }, 'Evaluation per checkpoint'));
  const grid = h('div', { class: 'charts' });
  curvesEl.append(grid);
  for (const run of runs) {
    const color = theme.series[state.runs.indexOf(run) % theme.series.length];
    for (const c of state.curves.get(run.key)!) curveCharts.push(renderCurve(grid, runLabel(state, run.key), c, theme, color));
  }
}

// ---- reproducibility manifest ------------------------------------------------------------------

/** One collapsed section per run that has a manifest.json: code, packages, data hashes, seeds, hardware. */
function renderManifests(): void {
  const open = new Set(Array.from(manifestEl.querySelectorAll('details[open]'), (d) => (d as HTMLElement).dataset.run));
  clear(manifestEl);
  for (const run of state.runs) {
    const rows = state.manifests.get(run.key);
    if (!rows) continue;
    const table = h(
      'table',
      { class: 'manifest-table' },
      h('tbody', {}, ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, r.value)))),
    );
    const details = h(
      'details',
      { 'data-run': run.key },
      h('summary', {}, `Reproducibility manifest — ${runLabel(state, run.key)}`),
      table,
      h('p', { class: 'muted' }, `Re-create the run: vla-lab reproduce ${run.key}`),
    );
    if (open.has(run.key)) details.setAttribute('open', '');
    manifestEl.append(details);
  }
}

// ---- rollout gallery ----------------------------------------------------------------------------

function renderGallery(): void {
  for (const g of gifPlayers) g.dispose();
  gifPlayers.clear();
  for (const src of gifCache.keys()) if (!state.media.some((m) => m.src === src)) gifCache.delete(src);
  clear(galleryEl);
  if (state.media.length === 0) return;
  galleryEl.append(h('h2', { id: 'gallery-title' }, 'Rollouts'));
  const taskSelect = h(
    'select',
    { id: 'gallery-task', 'aria-label': 'Filter by task' },
    h('option', { value: '' }, 'all tasks'),
    ...tasksOf(state.media).map((t) => h('option', { value: t }, t)),
  );
  taskSelect.value = ui.filter.task;
  const outcomeSelect = h(
    'select',
    { id: 'gallery-outcome', 'aria-label': 'Filter by outcome' },
    h('option', { value: 'all' }, 'all outcomes'),
    h('option', { value: 'success' }, 'successes'),
    h('option', { value: 'failure' }, 'failures'),
  );
  outcomeSelect.value = ui.filter.outcome;
  const onFilter = () => {
    ui.filter = { task: taskSelect.value, outcome: outcomeSelect.value as Outcome };
    persist();
    renderGallery();
    (document.getElementById(document.activeElement?.id ?? '') ?? taskSelect).focus();
  };
  taskSelect.addEventListener('change', onFilter);
  outcomeSelect.addEventListener('change', onFilter);
  galleryEl.append(h('div', { class: 'toolbar' }, h('label', {}, 'Task', taskSelect), h('label', {}, 'Outcome', outcomeSelect)));
  const shown = filterMedia(state.media, ui.filter);
  const grid = h('div', { class: 'clips' });
  for (const m of shown) grid.append(clipCard(m));
  galleryEl.append(shown.length ? grid : h('p', { class: 'muted' }, 'No rollout matches the filter.'));
}

function clipCard(m: MediaItem): HTMLElement {
  const label = describeClip(m, runLabel(state, m.run));
  const outcome =
    m.success === true
      ? h('span', { class: 'badge ok' }, 'success')
      : m.success === false
        ? h('span', { class: 'badge fail' }, 'failure')
        : undefined;
  const caption = h(
    'figcaption',
    {},
    m.instruction ? h('q', {}, m.instruction) : undefined,
    h('div', { class: 'muted' }, m.task ?? '', ' ', outcome, ' ', runLabel(state, m.run)),
  );
  if (m.kind === 'video' && m.format === 'gif') return gifCard(m, label, caption);
  if (m.kind !== 'video' || m.format !== 'mp4') {
    return h('figure', { class: 'clip', 'aria-label': label }, h('img', { src: m.src, alt: label, loading: 'lazy' }), caption);
  }
  const video = h('video', { src: m.src, preload: 'metadata', muted: true, playsinline: true, loop: true, 'aria-label': label });
  video.muted = true;
  const p = player(label, video, caption, {
    toggle: () => void (video.paused ? video.play().catch(() => undefined) : video.pause()),
    step: (dir) => {
      video.pause();
      video.currentTime = stepTime(video.currentTime, dir, video.duration, m.steps);
    },
  });
  const sync = () => p.show(!video.paused, `${video.currentTime.toFixed(2)} s`);
  for (const ev of ['play', 'pause', 'timeupdate', 'seeked', 'loadedmetadata']) video.addEventListener(ev, sync);
  sync();
  return p.figure;
}

/**
 * A clip with player controls: play/pause and one frame back/forward as buttons with labels, and
 * from the keyboard on the focusable figure (Space or k, ← or ",", → or ".").
 */
function player(label: string, media: HTMLElement, caption: HTMLElement, actions: { toggle(): void; step(dir: 1 | -1): void }) {
  const play = h('button', { 'aria-label': 'Play', title: 'Play / pause (Space)' }, '▶');
  const prev = h('button', { 'aria-label': 'Previous frame', title: 'Previous frame (←)' }, '|◀');
  const next = h('button', { 'aria-label': 'Next frame', title: 'Next frame (→)' }, '▶|');
  const position = h('span', { class: 'time muted', 'aria-live': 'off' }, '');
  play.addEventListener('click', () => actions.toggle());
  prev.addEventListener('click', () => actions.step(-1));
  next.addEventListener('click', () => actions.step(1));
  const figure = h(
    'figure',
    { class: 'clip', tabindex: 0, 'aria-label': `${label}. Space plays or pauses, arrow keys step one frame.` },
    media,
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Player' }, play, prev, next, position),
    caption,
  );
  figure.addEventListener('keydown', (ev) => {
    if (ev.target instanceof HTMLButtonElement && (ev.key === ' ' || ev.key === 'Enter')) return; // the button handles it
    if (ev.key === ' ' || ev.key === 'k') actions.toggle();
    else if (ev.key === 'ArrowLeft' || ev.key === ',') actions.step(-1);
    else if (ev.key === 'ArrowRight' || ev.key === '.') actions.step(1);
    else return;
    ev.preventDefault();
  });
  return {
    figure,
    buttons: [play, prev, next],
    /** Updates the play button and the position text. */
    show(playing: boolean, where: string) {
      play.textContent = playing ? '⏸' : '▶';
      play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
      position.textContent = where;
    },
  };
}

/** Decoded GIFs by URI: a gallery re-render (filter, new media) reuses them. */
const gifCache = new Map<string, Promise<DecodedGif>>();
/** Players of the cards on screen (stopped when the gallery is rebuilt). */
const gifPlayers = new Set<GifPlayback>();

function loadGif(src: string): Promise<DecodedGif> {
  let p = gifCache.get(src);
  if (!p) {
    // connect-src allows the webview's own resource origin only: the run folder's files.
    p = fetch(src).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return decodeGif(new Uint8Array(await res.arrayBuffer()));
    });
    p.catch(() => gifCache.delete(src));
    gifCache.set(src, p);
  }
  return p;
}

/** A GIF rollout on a canvas with the same controls as an MP4 (an <img> cannot pause or step). */
function gifCard(m: MediaItem, label: string, caption: HTMLElement): HTMLElement {
  const canvas = h('canvas', { class: 'gif', role: 'img', 'aria-label': label });
  let playback: GifPlayback | undefined;
  const p = player(label, canvas, caption, { toggle: () => playback?.toggle(), step: (dir) => playback?.step(dir) });
  for (const b of p.buttons) b.disabled = true;
  p.show(false, 'loading…');
  loadGif(m.src)
    .then((gif) => {
      if (!p.figure.isConnected) return; // the gallery was rebuilt meanwhile
      canvas.width = gif.width;
      canvas.height = gif.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas');
      const images = gif.frames.map((f) => new ImageData(f.rgba, gif.width, gif.height));
      const n = images.length;
      const where = (i: number) => `frame ${i + 1} / ${n}`;
      playback = new GifPlayback(
        gif.frames.map((f) => f.delayMs),
        (i) => {
          ctx.putImageData(images[i], 0, 0);
          canvas.dataset.frame = String(i);
          p.show(playback?.playing ?? false, where(i));
        },
        (playing) => p.show(playing, where(playback?.index ?? 0)),
      );
      gifPlayers.add(playback);
      for (const b of p.buttons) b.disabled = n < 2 && b !== p.buttons[0];
      playback.start(false);
    })
    .catch((e: Error) => {
      // Still show the clip (animated, without stepping) and say why.
      canvas.replaceWith(h('img', { src: m.src, alt: label }));
      p.show(false, `cannot step: ${e.message}`);
    });
  return p.figure;
}

// ---- messages -----------------------------------------------------------------------------------

const flush = perFrame(() => {
  const d = pending;
  pending = noDirt();
  if (d.all) {
    smoothingInput.value = String(state.view.smoothing);
    smoothingValue.textContent = state.view.smoothing.toFixed(2);
    xSelect.value = state.view.x;
  }
  if (d.all || d.runs) renderRuns();
  if (d.notices) renderNotices();
  if (d.all || d.series.size) syncCharts(d.all ? 'all' : d.series);
  if (d.all || d.evals || d.runs) renderEvals();
  if (d.all || d.curves) renderCurves(); // not on every status update: the charts would be rebuilt each second
  if (d.all || d.media) renderGallery();
  if (d.all || d.manifests || d.runs) renderManifests();
});

window.addEventListener('message', (event: MessageEvent) => {
  const checked = validateResultsToWebview(event.data);
  if (!checked.ok) {
    console.warn(`VLA Lab results: ignored a message (${checked.reason})`);
    return;
  }
  if (checked.message.type === 'init') {
    for (const e of charts.values()) {
      e.chart.destroy();
      e.canvas.closest('figure')?.remove();
    }
    charts.clear();
  }
  reduce(state, checked.message, pending);
  flush();
});

send({ type: 'ready' });
