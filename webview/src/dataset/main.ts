/**
 * The dataset viewer: the episode list (searchable, virtualised), one episode's cameras with a
 * scrubber and play/pause, its action and state channels (chart.js) with the current frame marked
 * (click a chart to jump there), and per-dimension statistics over the dataset — mean/std/min/max,
 * a histogram per dimension and the values of few-valued dimensions (a gripper's sign convention
 * shows there), the trainer's normalisation, and under the facts line the action convention the data's
 * own numbers show against the declared one. Text always goes in through textContent; every
 * message from the extension is validated.
 */
import './style.css';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import {
  validateDatasetToWebview,
  type ChannelSummary,
  type DatasetEpisode,
  type DatasetEpisodeData,
  type DatasetOverlay,
  type DatasetSummary,
  type DatasetToExtension,
} from '../../../extension/shared/messages/dataset';
import { clear, h, vscodeApi } from '../ui/dom';
import { readTheme, withAlpha } from '../ui/theme';
import { registerToolkit, setValue, valueOf } from '../ui/toolkit';
import { ROW_HEIGHT, channel, conventionView, filterEpisodes, fmt, frameAt, histogramBars, playbackFps, visibleRows } from './model';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Legend, Tooltip);
registerToolkit();

/** A toolkit element (`vscode-*` tags are not in the DOM's tag map). */
const tk = (tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement =>
  h(tag as 'div', attrs, ...children);

const send = (msg: DatasetToExtension) => vscodeApi().postMessage(msg);
const root = document.getElementById('dataset') as HTMLElement;

// ---- layout --------------------------------------------------------------------------------------
const title = h('h1', {}, 'Dataset');
const facts = h('p', { class: 'muted facts' });
/** What the data says about its action convention, per field against the declared one (core/dataset/format.ts conventionView). */
const conventionsLine = h('p', { class: 'muted conventions hidden' });
const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
const splitPick = tk('vscode-dropdown', { 'aria-label': 'split', class: 'hidden' });
const notes = h('ul', { class: 'notes muted' });
const warnings = h('div', { class: 'warnings', role: 'note' });

const search = tk('vscode-text-field', {
  placeholder: 'search: words, #index, >length, <length',
  'aria-label': 'search episodes',
  class: 'search',
});
const listCount = h('p', { class: 'muted' });
const listViewport = h('div', { class: 'episode-list', role: 'listbox', tabindex: '0', 'aria-label': 'episodes' });
const listSpacer = h('div', { class: 'spacer' });
listViewport.append(listSpacer);

const epTitle = h('h2', { class: 'episode-title' }, 'Choose an episode');
const cameras = h('div', { class: 'cameras' });
const playButton = tk('vscode-button', { appearance: 'secondary', 'aria-label': 'play' }, 'Play');
const scrubber = h('input', { type: 'range', min: '0', max: '0', value: '0', step: '1', 'aria-label': 'frame', class: 'scrubber' });
const frameLabel = h('span', { class: 'mono frame-label' });
const actionChartBox = h('figure', { class: 'chart wide' }, h('canvas', { 'aria-label': 'actions over the episode' }));
const stateChartBox = h('figure', { class: 'chart wide' }, h('canvas', { 'aria-label': 'state over the episode' }));

const statsBox = h('section', { class: 'stats' });
const overlayBox = h('section', { class: 'overlay' });
const overlayPick = tk('vscode-dropdown', { 'aria-label': 'dimension across episodes' });
const overlayNote = h('p', { class: 'muted' });
const overlayChartBox = h('figure', { class: 'chart wide' }, h('canvas', { 'aria-label': 'one dimension across episodes' }));
overlayBox.append(h('h2', {}, 'One dimension across episodes'), h('div', { class: 'toolbar' }, overlayPick, overlayNote), overlayChartBox);
/** Episodes an overlay asks for (evenly spaced over the list). */
const OVERLAY_EPISODES = 40;
let overlayChart: Chart | undefined;
let overlay: DatasetOverlay | undefined;
const tasksBox = h('section');
const featuresBox = h('section');

root.replaceChildren(
  h('header', {}, title, splitPick, status),
  facts,
  conventionsLine,
  notes,
  warnings,
  h(
    'div',
    { class: 'columns' },
    h('section', { class: 'list-column' }, h('h2', {}, 'Episodes'), search, listCount, listViewport),
    h(
      'section',
      { class: 'episode-column' },
      epTitle,
      cameras,
      h('div', { class: 'toolbar' }, playButton, scrubber, frameLabel),
      h('h3', {}, 'Actions'),
      actionChartBox,
      h('h3', { class: 'state-heading' }, 'State'),
      stateChartBox,
    ),
  ),
  overlayBox,
  statsBox,
  tasksBox,
  featuresBox,
);

// ---- state ---------------------------------------------------------------------------------------
let summary: DatasetSummary | undefined;
let shown: DatasetEpisode[] = [];
let selected: number | undefined;
let episode: DatasetEpisodeData | undefined;
let frame = 0;
let playing: { start: number; from: number; raf: number } | undefined;
const images: HTMLImageElement[] = [];
const charts: Chart[] = [];
let episodeCharts: { draw(): void; destroy(): void }[] = [];

function setStatus(text: string, kind: '' | 'error' = ''): void {
  status.textContent = text;
  status.className = `status${kind ? ` ${kind}` : ''}`;
}

// ---- the episode list (virtualised: only the rows in view exist) --------------------------------
function renderRows(): void {
  const { first, last } = visibleRows(listViewport.scrollTop, listViewport.clientHeight || 400, shown.length);
  for (const row of Array.from(listViewport.querySelectorAll('.episode-row'))) row.remove();
  for (let i = first; i < last; i++) {
    const e = shown[i];
    const row = h(
      'div',
      {
        class: `episode-row${e.index === selected ? ' selected' : ''}`,
        role: 'option',
        'aria-selected': e.index === selected ? 'true' : 'false',
        'data-index': String(e.index),
        title: `${e.instruction}${e.task !== e.instruction ? ` [${e.task}]` : ''}`,
      },
      h('span', { class: 'mono idx' }, `#${e.index}`),
      h('span', { class: 'mono len' }, String(e.length)),
      h('span', { class: 'text' }, e.instruction || e.task),
      e.task && e.task !== e.instruction ? h('span', { class: 'task muted' }, e.task) : undefined,
    );
    // Through the CSSOM: the CSP (style-src without 'unsafe-inline') drops style="" attributes.
    row.style.top = `${i * ROW_HEIGHT}px`;
    row.addEventListener('click', () => choose(e.index));
    listViewport.append(row);
  }
}

function applyFilter(): void {
  if (!summary) return;
  shown = filterEpisodes(summary.episodes, valueOf(search));
  listSpacer.style.height = `${shown.length * ROW_HEIGHT}px`;
  listCount.textContent =
    shown.length === summary.episodes.length
      ? `${summary.episodes.length} episodes (# · frames · instruction · task)`
      : `${shown.length} of ${summary.episodes.length} episodes`;
  renderRows();
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  if (filterTimer) clearTimeout(filterTimer);
  filterTimer = setTimeout(applyFilter, 120);
});
listViewport.addEventListener('scroll', () => requestAnimationFrame(renderRows));
listViewport.addEventListener('keydown', (ev: KeyboardEvent) => {
  if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
  ev.preventDefault();
  const at = shown.findIndex((e) => e.index === selected);
  const next = shown[Math.max(0, Math.min(shown.length - 1, at + (ev.key === 'ArrowDown' ? 1 : -1)))];
  if (!next) return;
  const top = shown.indexOf(next) * ROW_HEIGHT;
  if (top < listViewport.scrollTop || top + ROW_HEIGHT > listViewport.scrollTop + listViewport.clientHeight)
    listViewport.scrollTop = top - listViewport.clientHeight / 2;
  choose(next.index);
});

function choose(index: number): void {
  selected = index;
  stop();
  renderRows();
  const e = summary?.episodes[index];
  epTitle.textContent = e ? `#${index} · ${e.instruction || e.task} · ${e.length} frames` : `#${index}`;
  send({ type: 'openEpisode', index });
}

overlayPick.addEventListener('change', () => requestOverlay());

function requestOverlay(): void {
  const [kind, dim] = valueOf(overlayPick).split(':');
  if ((kind === 'actions' || kind === 'state') && /^\d+$/.test(dim))
    send({ type: 'overlay', kind, dim: Number(dim), episodes: OVERLAY_EPISODES });
}

/** Each episode's line, thin; the episode on show drawn over them in the page's colour. */
function renderOverlay(o: DatasetOverlay): void {
  overlay = o;
  overlayChart?.destroy();
  const theme = readTheme();
  const canvas = overlayChartBox.querySelector('canvas') as HTMLCanvasElement;
  const datasets = o.episodes.map((e) => {
    const mine = e.index === selected;
    return {
      label: `#${e.index}`,
      data: e.values.map((y, k) => ({ x: k * e.stride, y })),
      borderColor: mine ? theme.foreground : withAlpha(theme.series[0], 0.35),
      borderWidth: mine ? 2.5 : 1,
      pointRadius: 0,
      order: mine ? 0 : 1,
    };
  });
  overlayChart = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'frame', color: theme.muted },
          ticks: { color: theme.muted },
          grid: { color: theme.grid },
        },
        y: { title: { display: true, text: o.name, color: theme.muted }, ticks: { color: theme.muted }, grid: { color: theme.grid } },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => items[0]?.dataset.label ?? '' } } },
    },
  }) as unknown as Chart;
  const shown = o.episodes.some((e) => e.index === selected);
  overlayNote.textContent = `${o.kind === 'actions' ? 'action' : 'state'} ${o.name}: ${o.episodes.length} of ${o.of} episodes (evenly spaced)${shown ? `, #${selected} highlighted` : ''}.`;
}

splitPick.addEventListener('change', () => {
  const split = valueOf(splitPick);
  if (summary && split && split !== summary.split) send({ type: 'openSplit', split });
});

// ---- one episode -------------------------------------------------------------------------------
/** Draws a vertical line at the current frame on the episode charts. */
const cursorPlugin: Plugin<'line'> = {
  id: 'frameCursor',
  afterDatasetsDraw(chart) {
    const x = chart.scales.x?.getPixelForValue(frame);
    if (x === undefined || !Number.isFinite(x)) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = readTheme().foreground;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

function lineChart(box: HTMLElement, rows: (number | null)[][], names: string[]): { draw(): void; destroy(): void } {
  const theme = readTheme();
  const canvas = box.querySelector('canvas') as HTMLCanvasElement;
  const dims = rows[0]?.length ?? 0;
  const palette = theme.series;
  const datasets: ChartDataset<'line', { x: number; y: number | null }[]>[] = Array.from({ length: dims }, (_, d) => ({
    label: names[d] ?? String(d),
    data: channel(rows, d),
    borderColor: palette[d % palette.length],
    backgroundColor: palette[d % palette.length],
    borderWidth: 1.5,
    pointRadius: 0,
    spanGaps: false,
    borderDash: d >= palette.length ? [5, 3] : undefined,
  }));
  const chart = new Chart<'line', { x: number; y: number | null }[]>(canvas, {
    type: 'line',
    data: { datasets },
    plugins: [cursorPlugin],
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: Math.max(1, rows.length - 1),
          title: { display: true, text: 'frame', color: theme.muted },
          ticks: { color: theme.muted },
          grid: { color: theme.grid },
        },
        y: { ticks: { color: theme.muted }, grid: { color: theme.grid } },
      },
      plugins: { legend: { labels: { color: theme.foreground, boxWidth: 12 } }, tooltip: { enabled: true } },
      onClick: (_ev, _els, c) => {
        const native = _ev.native as MouseEvent | null;
        if (!native) return;
        const x = c.scales.x.getValueForPixel(native.offsetX);
        if (x !== undefined) showFrame(Math.round(x));
      },
    },
  });
  return chart;
}

/** The episode's action and state charts, their channels named by the summary's statistics (when read). */
function drawEpisodeCharts(ep: DatasetEpisodeData): void {
  for (const c of episodeCharts) c.destroy();
  episodeCharts = [];
  if (ep.actions.length) episodeCharts.push(lineChart(actionChartBox, ep.actions, summary?.actions?.names ?? []));
  const hasState = !!ep.state?.length;
  stateChartBox.classList.toggle('hidden', !hasState);
  root.querySelector('.state-heading')?.classList.toggle('hidden', !hasState);
  if (hasState) episodeCharts.push(lineChart(stateChartBox, ep.state!, summary?.state?.names ?? []));
}

function renderEpisode(ep: DatasetEpisodeData): void {
  stop();
  episode = ep;
  frame = 0;
  clear(cameras);
  images.length = 0;
  for (const cam of ep.cameras) {
    const img = h('img', {
      alt: `${cam.name}, frame 0`,
      width: String(Math.max(160, Math.min(320, cam.width))),
      class: 'frame',
      'data-camera': cam.name,
    });
    images.push(img);
    cameras.append(
      h('figure', { class: 'camera' }, img, h('figcaption', { class: 'muted mono' }, `${cam.name} · ${cam.width}×${cam.height}`)),
    );
    // Lazy frames: the browser fetches the rest in the background once the first one shows.
    img.addEventListener('load', () => preload(cam.frames), { once: true });
  }
  if (!ep.cameras.length) cameras.append(h('p', { class: 'muted' }, 'This episode has no camera frames the viewer decodes.'));
  scrubber.setAttribute('max', String(Math.max(0, ep.length - 1)));
  epTitle.textContent = `#${ep.index} · ${ep.instruction || ep.task} · ${ep.length} frames${ep.task && ep.task !== ep.instruction ? ` · ${ep.task}` : ''}`;
  drawEpisodeCharts(ep);
  showFrame(0);
  setStatus(`Episode ${ep.index}: ${ep.length} frames, ${ep.cached ? 'from the cache' : 'read'} in ${ep.seconds.toFixed(2)} s.`);
}

const preloaded = new Set<string>();
function preload(frames: string[]): void {
  for (const src of frames) {
    if (preloaded.has(src)) continue;
    preloaded.add(src);
    const im = new Image();
    im.decoding = 'async';
    im.src = src;
  }
}

function showFrame(t: number): void {
  if (!episode) return;
  frame = Math.max(0, Math.min(episode.length - 1, t));
  scrubber.value = String(frame);
  episode.cameras.forEach((cam, i) => {
    const img = images[i];
    if (!img || !cam.frames[frame]) return;
    img.src = cam.frames[frame];
    img.alt = `${cam.name}, frame ${frame}`;
  });
  const a = episode.actions[frame];
  frameLabel.textContent = `${frame + 1} / ${episode.length}${a ? `  ·  action [${a.map((v) => (v === null ? '–' : fmt(v))).join(', ')}]` : ''}`;
  for (const c of episodeCharts) c.draw();
}

scrubber.addEventListener('input', () => {
  stop();
  showFrame(Number(scrubber.value) | 0);
});

function stop(): void {
  if (playing) cancelAnimationFrame(playing.raf);
  playing = undefined;
  playButton.textContent = 'Play';
  playButton.setAttribute('aria-label', 'play');
}

function play(): void {
  if (!episode || episode.length < 2) return;
  const fps = playbackFps(episode.fps);
  const from = frame >= episode.length - 1 ? 0 : frame;
  const tick = (now: number) => {
    if (!playing || !episode) return;
    const t = frameAt(playing.from, now - playing.start, fps, episode.length);
    if (t !== frame) showFrame(t);
    playing.raf = requestAnimationFrame(tick);
  };
  playing = { start: performance.now(), from, raf: requestAnimationFrame(tick) };
  playButton.textContent = 'Pause';
  playButton.setAttribute('aria-label', 'pause');
}

playButton.addEventListener('click', () => (playing ? stop() : play()));
document.addEventListener('keydown', (ev: KeyboardEvent) => {
  // Keys typed in the search or on a dropdown (the toolkit host is the event's target here) are theirs.
  if (!episode || (ev.target instanceof HTMLElement && ev.target.closest('vscode-text-field, vscode-dropdown, .episode-list'))) return;
  if (ev.key === ' ') {
    ev.preventDefault();
    if (playing) stop();
    else play();
  } else if (ev.key === 'ArrowRight') {
    stop();
    showFrame(frame + 1);
  } else if (ev.key === 'ArrowLeft') {
    stop();
    showFrame(frame - 1);
  }
});

// ---- dataset statistics --------------------------------------------------------------------------
function statsTable(c: ChannelSummary, label: string): HTMLElement {
  return h(
    'table',
    { class: 'stats-table', 'aria-label': `${label} statistics` },
    h('thead', {}, h('tr', {}, ...['dimension', 'mean', 'std', 'min', 'max', 'values'].map((x) => h('th', {}, x)))),
    h(
      'tbody',
      {},
      ...c.dims.map((d) =>
        h(
          'tr',
          {},
          h('td', {}, d.name),
          ...[d.mean, d.std, d.min, d.max].map((v) => h('td', { class: 'mono' }, fmt(v))),
          h(
            'td',
            { class: 'mono values' },
            [
              c.distinct[d.name] ? c.distinct[d.name].map((v) => `${fmt(v.value)} (${(v.fraction * 100).toFixed(0)}%)`).join(', ') : '',
              d.nonFinite ? `${d.nonFinite} non-finite` : '',
            ]
              .filter(Boolean)
              .join('; '),
          ),
        ),
      ),
    ),
  );
}

function histograms(c: ChannelSummary, label: string): HTMLElement {
  const theme = readTheme();
  const grid = h('div', { class: 'histograms' });
  c.dims.forEach((d, i) => {
    const canvas = h('canvas', { 'aria-label': `${label} ${d.name} histogram` });
    grid.append(
      h('figure', { class: 'histogram' }, h('figcaption', { class: 'mono' }, `${d.name}  μ ${fmt(d.mean)}  σ ${fmt(d.std)}`), canvas),
    );
    const bars = histogramBars(d.histogram);
    const color = theme.series[i % theme.series.length];
    charts.push(
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels: bars.map((b) => fmt(b.x)),
          datasets: [
            {
              label: d.name,
              data: bars.map((b) => b.count),
              backgroundColor: withAlpha(color, 0.7),
              borderColor: color,
              borderWidth: 1,
              barPercentage: 1,
              categoryPercentage: 1,
            },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                title: (items) => {
                  const k = items[0]?.dataIndex ?? 0;
                  return `${fmt(d.histogram.edges[k])} … ${fmt(d.histogram.edges[k + 1])}`;
                },
              },
            },
          },
          scales: {
            x: { ticks: { color: theme.muted, maxTicksLimit: 5, maxRotation: 0 }, grid: { display: false } },
            y: { ticks: { color: theme.muted, maxTicksLimit: 4 }, grid: { color: theme.grid } },
          },
        },
      }),
    );
  });
  return grid;
}

/** The control rate with where it came from, and the frame rate where it differs (or is played at a default). */
function rateFact(s: DatasetSummary): string {
  const { hz, source } = s.controlRate;
  const rate = hz ? `control rate ${fmt(hz)} Hz (${source})` : 'control rate not recorded';
  if (s.fps && s.fps === hz) return rate;
  return `${rate} · ${s.fps ? `${fmt(s.fps)} fps` : `fps not recorded (played at ${playbackFps(null)} frames/s)`}`;
}

/**
 * Shows a summary. `keepList`: the whole summary of the dataset whose partial list is on show (the
 * `statistics` message): statistics, features and facts are filled in, the list, the search and the
 * episode on show stay.
 */
function renderSummary(s: DatasetSummary, keepList = false): void {
  summary = s;
  for (const c of charts) c.destroy();
  charts.length = 0;
  root.setAttribute('aria-busy', 'false');
  title.textContent = `Dataset ${s.path.split(/[\\/]/).filter(Boolean).slice(-2).join('/')}`;
  title.setAttribute('title', s.path);
  const layout = s.layout === 'calvin' ? 'CALVIN layout' : s.layout === 'lerobot' ? 'LeRobot' : 'RLDS (Open X-Embodiment)';
  const lengths = s.episodes.map((e) => e.length);
  facts.textContent = [
    layout,
    s.split ? `split ${s.split}` : '',
    `${s.episodes.length} episodes`,
    `${s.frames} frames`,
    lengths.length ? `length ${Math.min(...lengths)}–${Math.max(...lengths)}` : '',
    rateFact(s),
    s.cameras.length ? `cameras ${s.cameras.map((c) => `${c.name} ${c.shape.join('×')}`).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  clear(notes);
  for (const n of s.notes) notes.append(h('li', {}, n));
  const c = s.convention;
  notes.append(
    h(
      'li',
      {},
      c
        ? `Action convention: ${c.mode}, ${c.frame} frame, ${c.rotation}, gripper closed ${fmt(c.gripper.closed)} / open ${fmt(c.gripper.open)} (${c.source}).`
        : 'Action convention: not declared.',
    ),
  );
  clear(warnings);
  for (const w of s.warnings) warnings.append(h('p', { class: 'notice warning' }, w));
  clear(conventionsLine);
  conventionsLine.classList.toggle('hidden', !s.inferredConvention);
  if (s.inferredConvention) {
    const view = conventionView(s.inferredConvention);
    conventionsLine.append(view.head);
    view.parts.forEach((p, i) =>
      conventionsLine.append(i ? ' · ' : ' ', h('span', { class: p.contradicts ? 'contradicts' : undefined, title: p.evidence }, p.text)),
    );
    for (const w of view.warnings) warnings.append(h('p', { class: 'notice warning convention-contradiction' }, w));
  }
  splitPick.classList.toggle('hidden', s.splits.length < 2);
  clear(splitPick);
  for (const sp of s.splits) splitPick.append(tk('vscode-option', { value: sp }, sp));
  if (s.split) setValue(splitPick, s.split);

  clear(overlayPick);
  const dims = [
    ...(s.actions?.names ?? []).map((n, d) => [`actions:${d}`, `action ${n}`]),
    ...(s.state?.names ?? []).map((n, d) => [`state:${d}`, `state ${n}`]),
  ];
  for (const [value, text] of dims) overlayPick.append(tk('vscode-option', { value }, text));
  overlayBox.classList.toggle('hidden', !dims.length);
  if (dims.length) {
    setValue(overlayPick, dims[0][0]);
    requestOverlay();
  }

  clear(statsBox);
  statsBox.append(h('h2', {}, 'Statistics over the dataset'));
  if (s.partial)
    statsBox.append(
      h(
        'p',
        { class: 'muted pending' },
        `Reading every frame of the ${s.episodes.length} episodes (${s.frames} frames) for the statistics, features and cameras; the list above came from the index files and episodes open now.`,
      ),
    );
  if (s.actions) {
    statsBox.append(
      h('h3', {}, `Actions (${s.actions.dims.length} dimensions over ${s.actions.count} frames)`),
      statsTable(s.actions, 'action'),
      histograms(s.actions, 'action'),
    );
    if (s.normalization.dims) {
      statsBox.append(
        h(
          'p',
          { class: 'muted' },
          `The trainer normalises the first ${s.normalization.dims} action dimensions with the mean and std above (min/max with action.normalize); the last (the gripper) is not normalised. A gripper's values show its convention (−1/1 or 0/1, which sign is open); a dimension bounded at ±1 is usually clipped deltas, a wide offset range absolute positions.`,
        ),
      );
    }
  }
  if (s.state)
    statsBox.append(h('h3', {}, `State (${s.state.dims.length} dimensions)`), statsTable(s.state, 'state'), histograms(s.state, 'state'));

  clear(tasksBox);
  tasksBox.append(
    h('h2', {}, `Tasks (${s.tasks.length})`),
    h(
      'table',
      { class: 'tasks' },
      h('thead', {}, h('tr', {}, h('th', {}, 'task'), h('th', {}, 'episodes'), h('th', {}, 'frames'))),
      h(
        'tbody',
        {},
        ...s.tasks.map((t) => h('tr', {}, h('td', {}, t.task), h('td', {}, String(t.episodes)), h('td', {}, String(t.frames)))),
      ),
    ),
  );
  clear(featuresBox);
  featuresBox.append(
    h('h2', {}, 'Features'),
    h(
      'table',
      { class: 'features' },
      h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'dtype'), h('th', {}, 'shape'), h('th', {}, 'role'))),
      h(
        'tbody',
        {},
        ...s.features.map((f) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, f.name),
            h('td', { class: 'mono' }, f.dtype),
            h('td', { class: 'mono' }, f.shape.length ? f.shape.join('×') : '–'),
            h('td', {}, f.role === 'other' ? '' : f.role),
          ),
        ),
      ),
    ),
  );

  if (keepList) {
    setStatus(`Statistics over ${s.frames} frames read in ${s.seconds.toFixed(2)} s${s.cached ? ' (cached summary)' : ''}.`);
    // The episode on show gets its channel names (they come with the statistics); frame and playback stay.
    if (episode && episode.index === selected) drawEpisodeCharts(episode);
    return;
  }
  setStatus(
    s.partial
      ? `Listed ${s.episodes.length} episodes from the index files in ${s.seconds.toFixed(2)} s; reading the statistics…`
      : `Read in ${s.seconds.toFixed(2)} s${s.cached ? ' (cached summary)' : ''}.`,
  );
  selected = undefined;
  applyFilter();
  if (s.episodes.length) choose(0);
}

window.addEventListener('message', (event: MessageEvent) => {
  const v = validateDatasetToWebview(event.data);
  if (!v.ok) return;
  const msg = v.message;
  switch (msg.type) {
    case 'init':
      renderSummary(msg.summary);
      break;
    case 'statistics':
      // Only for the list on show (same dataset content and split); a stale one is dropped.
      if (summary && msg.summary.key === summary.key && msg.summary.split === summary.split) renderSummary(msg.summary, true);
      break;
    case 'episode':
      if (msg.episode.index === selected) {
        renderEpisode(msg.episode);
        if (overlay?.episodes.some((e) => e.index === selected)) renderOverlay(overlay);
      }
      break;
    case 'overlay':
      renderOverlay(msg.overlay);
      break;
    case 'progress':
      setStatus(msg.message);
      break;
    case 'error':
      setStatus(msg.message, 'error');
      root.setAttribute('aria-busy', 'false');
      break;
  }
});

send({ type: 'ready' });
