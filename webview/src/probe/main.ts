/**
 * The policy probe panel: the model's description, latency against the control rate, open-loop
 * replay (predicted vs demonstrated actions per dimension, chart.js) and the instruction probe
 * (a frame with the predicted chunk drawn as end-effector motion arrows and gripper states).
 * Text always goes in through textContent; every message from the extension is validated.
 */
import './style.css';
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import {
  validateProbeToWebview,
  type ProbeFrame,
  type ProbeInfo,
  type ProbeLatency,
  type ProbeReplay,
  type ProbeSegment,
  type ProbeToExtension,
} from '../../../extension/shared/messages/probe';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

declare function acquireVsCodeApi(): { postMessage(msg: unknown): void };
const vscode = acquireVsCodeApi();
const send = (msg: ProbeToExtension) => vscode.postMessage(msg);
const root = document.getElementById('probe') as HTMLElement;

type Child = Node | string | undefined | false;
function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

const fmtMs = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const fmtHz = (hz: number) => (hz >= 1000 ? `${(hz / 1000).toFixed(1)} kHz` : `${hz.toFixed(1)} Hz`);
const fmtCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
const cssVar = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

// ---- layout ------------------------------------------------------------------------------------
const status = h('p', { class: 'status', role: 'status' });
const infoBox = h('section', { class: 'info' });
const latencyBox = h('div');
const replayBox = h('div');
const chartsBox = h('div', { class: 'charts' });
const probeBox = h('div', { class: 'probe' });
const dataNote = h('p', { class: 'note' });

const runsInput = h('input', { type: 'number', min: '1', max: '100000', value: '200', 'aria-label': 'timed runs' }) as HTMLInputElement;
const warmupInput = h('input', { type: 'number', min: '0', max: '10000', value: '20', 'aria-label': 'warm-up runs' }) as HTMLInputElement;
const latencyButton = h('button', {}, 'Measure latency');
latencyButton.addEventListener('click', () =>
  send({ type: 'runLatency', runs: Number(runsInput.value) | 0, warmup: Number(warmupInput.value) | 0 }),
);

const episodesInput = h('input', { type: 'number', min: '1', max: '10000', value: '5', 'aria-label': 'episodes' }) as HTMLInputElement;
const replayButton = h('button', {}, 'Replay');
replayButton.addEventListener('click', () => send({ type: 'runReplay', episodes: Math.max(1, Number(episodesInput.value) | 0) }));
const dataButton = h('button', { class: 'secondary' }, 'Choose demonstrations…');
dataButton.addEventListener('click', () => send({ type: 'chooseData' }));

const segmentSelect = h('select', { 'aria-label': 'segment' }) as HTMLSelectElement;
const offsetInput = h('input', { type: 'range', min: '0', max: '0', value: '0', 'aria-label': 'frame' }) as HTMLInputElement;
const offsetLabel = h('span');
const instructionInput = h('input', {
  type: 'text',
  maxlength: '500',
  placeholder: 'instruction, e.g. open the drawer',
  'aria-label': 'instruction',
}) as HTMLInputElement;
const canvas = h('canvas', { width: '400', height: '400', 'aria-label': 'frame with predicted motion' }) as HTMLCanvasElement;
const tokensLine = h('p', { class: 'note' });
/** The predicted chunk as numbers (what the canvas draws, readable and selectable). */
const chunkTable = h('table', { class: 'chunk', 'aria-label': 'predicted chunk' });

root.replaceChildren(
  status,
  infoBox,
  h(
    'section',
    {},
    h('h2', {}, 'Latency (batch 1)'),
    h('div', { class: 'row' }, h('label', {}, 'runs ', runsInput), h('label', {}, 'warm-up ', warmupInput), latencyButton),
    latencyBox,
  ),
  h('section', {}, h('h2', {}, 'Demonstrations'), h('div', { class: 'row' }, dataButton), dataNote),
  h(
    'section',
    {},
    h('h2', {}, 'Open-loop replay'),
    h('div', { class: 'row' }, h('label', {}, 'episodes ', episodesInput), replayButton),
    replayBox,
    chartsBox,
  ),
  h(
    'section',
    {},
    h('h2', {}, 'Instruction probe'),
    h('div', { class: 'row' }, segmentSelect, h('label', {}, 'frame ', offsetInput, offsetLabel)),
    h('div', { class: 'row' }, instructionInput),
    probeBox,
  ),
);
probeBox.append(canvas, h('div', {}, chunkTable, tokensLine));

let segments: ProbeSegment[] = [];
let info: ProbeInfo | undefined;
let charts: Chart[] = [];
let predictTimer: ReturnType<typeof setTimeout> | undefined;

function requestPrediction(): void {
  if (predictTimer) clearTimeout(predictTimer);
  predictTimer = setTimeout(() => {
    const seg = segments[Number(segmentSelect.value)];
    if (!seg) return;
    send({ type: 'predict', segment: seg.index, offset: Number(offsetInput.value) | 0, instruction: instructionInput.value.slice(0, 500) });
  }, 250);
}
segmentSelect.addEventListener('change', () => {
  const seg = segments[Number(segmentSelect.value)];
  if (!seg) return;
  offsetInput.max = String(seg.end - seg.start);
  offsetInput.value = '0';
  instructionInput.value = seg.instruction ?? instructionInput.value;
  requestPrediction();
});
offsetInput.addEventListener('input', requestPrediction);
instructionInput.addEventListener('input', requestPrediction);

// ---- rendering ---------------------------------------------------------------------------------
function renderInfo(i: ProbeInfo): void {
  const tensors = (title: string, list: ProbeInfo['inputs']) =>
    h(
      'table',
      {},
      h('caption', {}, title),
      ...list.map((t) =>
        h('tr', {}, h('td', { class: 'mono' }, t.name), h('td', {}, t.dtype), h('td', { class: 'mono' }, `[${t.shape.join(', ')}]`)),
      ),
    );
  infoBox.replaceChildren(
    h('h1', {}, 'Policy probe'),
    h('p', { class: 'mono' }, i.modelPath),
    h(
      'p',
      {},
      `${fmtCount(i.parameterCount)} parameters · ${(i.fileBytes / 1024).toFixed(1)} KiB · ` +
        `image ${i.imageSize}px · history ${i.history} · chunk ${i.chunk} · ${i.actionDim}-D actions · cameras ${i.cameras?.join('+')} · target ${i.controlHz} Hz (${i.controlHzSource})`,
    ),
    ...(i.actionSpace ? [h('p', { class: 'action-space' }, `actions: ${i.actionSpace}`)] : []),
    h('div', { class: 'row' }, tensors('inputs', i.inputs), tensors('outputs', i.outputs)),
    h('ul', {}, ...i.providers.map((p) => h('li', {}, p)), ...i.warnings.map((w) => h('li', { class: 'warning' }, w))),
  );
}

function renderLatency(results: ProbeLatency[], notes: string[]): void {
  latencyBox.replaceChildren(
    h(
      'table',
      {},
      h('tr', {}, ...['provider', 'p50', 'p95', 'p99', 'allows (p99)', 'target', 'verdict'].map((c) => h('th', {}, c))),
      ...results.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, r.provider),
          h('td', {}, fmtMs(r.p50Ms)),
          h('td', {}, fmtMs(r.p95Ms)),
          h('td', {}, fmtMs(r.p99Ms)),
          h('td', {}, fmtHz(r.maxHzAtP99)),
          h('td', {}, `${r.targetHz} Hz (${fmtMs(r.budgetMs)})`),
          h('td', { class: r.meetsTarget ? 'ok' : 'bad' }, r.meetsTarget ? 'keeps up' : 'too slow'),
        ),
      ),
    ),
    h('ul', {}, ...notes.map((n) => h('li', { class: 'note' }, n))),
  );
}

function renderReplay(r: ProbeReplay): void {
  const g = r.gripperAccuracy;
  const verdict = g === null ? '' : g >= 0.7 ? 'healthy' : g > 0.55 ? 'weak: barely above chance' : 'unhealthy: at or below chance';
  replayBox.replaceChildren(
    h('p', {}, `${r.episodes} episode(s), ${r.steps} steps.`),
    ...(g === null
      ? []
      : [
          h(
            'p',
            { class: g > 0.55 ? 'ok' : 'bad' },
            `Gripper accuracy ${(g * 100).toFixed(1)}% — ${verdict} (RoboVLMs' health check: clearly above 50%).`,
          ),
        ]),
    h(
      'table',
      {},
      h('tr', {}, h('th', {}, 'dimension'), h('th', {}, 'MSE'), h('th', {}, 'L1')),
      ...r.dimensions.map((d) => h('tr', {}, h('td', {}, d.name), h('td', {}, d.mse.toFixed(5)), h('td', {}, d.l1.toFixed(5)))),
    ),
  );
  for (const c of charts) c.destroy();
  charts = [];
  chartsBox.replaceChildren();
  const fg = cssVar('--vscode-foreground', '#ccc');
  const labels = Array.from({ length: r.steps }, (_, i) => i);
  r.dimensions.forEach((d, i) => {
    const c = h('canvas', { 'aria-label': `${d.name}: predicted vs demonstrated` }) as HTMLCanvasElement;
    chartsBox.append(h('figure', {}, h('figcaption', {}, d.name), c));
    charts.push(
      new Chart(c, {
        type: 'line',
        data: {
          labels,
          datasets: [
            {
              label: 'demonstrated',
              data: r.demonstrated[i],
              borderColor: cssVar('--vscode-charts-blue', '#3794ff'),
              pointRadius: 0,
              borderWidth: 1.5,
            },
            {
              label: 'predicted',
              data: r.predicted[i],
              borderColor: cssVar('--vscode-charts-orange', '#d18616'),
              pointRadius: 0,
              borderWidth: 1.5,
            },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { x: { ticks: { color: fg, maxTicksLimit: 8 } }, y: { ticks: { color: fg } } },
          plugins: { legend: { labels: { color: fg } } },
        },
      }),
    );
  });
}

function renderSegments(list: ProbeSegment[]): void {
  segments = list;
  segmentSelect.replaceChildren(
    ...list.map((s, i) => {
      const o = h(
        'option',
        { value: String(i) },
        `#${s.index} frames ${s.start}–${s.end}${s.task ? ` ${s.task}` : ''}${s.instruction ? `: ${s.instruction}` : ''}`,
      );
      return o;
    }),
  );
  if (list.length) {
    segmentSelect.value = '0';
    segmentSelect.dispatchEvent(new Event('change'));
  }
}

/** The frame, and the chunk's accumulated xy arm deltas as arrows (robot frame, not projected). */
function renderFrame(f: ProbeFrame): void {
  offsetLabel.textContent = ` ${f.frame}`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const bytes = Uint8Array.from(atob(f.rgbBase64), (c) => c.charCodeAt(0));
  if (bytes.length !== f.width * f.height * 3) return;
  const image = new ImageData(f.width, f.height);
  for (let i = 0, j = 0; i < bytes.length; i += 3, j += 4) {
    image.data[j] = bytes[i];
    image.data[j + 1] = bytes[i + 1];
    image.data[j + 2] = bytes[i + 2];
    image.data[j + 3] = 255;
  }
  const off = document.createElement('canvas');
  off.width = f.width;
  off.height = f.height;
  off.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);

  const paths = [
    { rows: f.demonstrated, color: cssVar('--vscode-charts-blue', '#3794ff'), label: 'demonstrated' },
    { rows: f.predicted, color: cssVar('--vscode-charts-orange', '#d18616'), label: 'predicted' },
  ];
  // Scale: the largest accumulated displacement reaches a third of the canvas.
  let extent = 1e-6;
  for (const p of paths) {
    let x = 0,
      y = 0;
    for (const r of p.rows) {
      x += r[0];
      y += r[1];
      extent = Math.max(extent, Math.abs(x), Math.abs(y));
    }
  }
  const scale = canvas.width / 3 / extent;
  const cx = canvas.width / 2,
    cy = canvas.height / 2;
  paths.forEach((p, pi) => {
    ctx.strokeStyle = ctx.fillStyle = p.color;
    ctx.lineWidth = 3;
    let x = cx,
      y = cy;
    p.rows.forEach((r, k) => {
      const nx = x + r[0] * scale,
        ny = y - r[1] * scale;
      arrow(ctx, x, y, nx, ny);
      const open = r[r.length - 1] > 0;
      ctx.beginPath();
      ctx.arc(nx, ny, 6, 0, 2 * Math.PI);
      if (open) ctx.stroke();
      else ctx.fill();
      if (k === p.rows.length - 1) ctx.fillText(`${p.label}: gripper ${open ? 'open' : 'closed'}`, 8, 16 + 16 * pi);
      x = nx;
      y = ny;
    });
  });
  ctx.fillStyle = '#fff';
  ctx.fillText('xy of the arm deltas, accumulated over the chunk (robot frame) · ○ open ● closed', 8, canvas.height - 8);
  renderChunk(f);
  tokensLine.textContent = `tokens [${f.tokens.join(', ')}]${f.unknownWords.length ? ` · unknown words: ${f.unknownWords.join(', ')}` : ''}`;
}

function actionNames(dim: number): string[] {
  if (dim === 7) return ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper'];
  return Array.from({ length: dim }, (_, i) => (i === dim - 1 ? 'gripper' : `a${i}`));
}

/** Predicted (and, beside it, demonstrated) actions of the chunk, one row per step. */
function renderChunk(f: ProbeFrame): void {
  const names = actionNames(f.predicted[0]?.length ?? 0);
  const cells = (r: number[] | undefined) =>
    names.map((_, d) =>
      h('td', { class: 'mono' }, r === undefined ? '–' : d === names.length - 1 ? (r[d] > 0 ? 'open' : 'closed') : r[d].toFixed(3)),
    );
  chunkTable.replaceChildren(
    h('caption', {}, `Predicted chunk for frame ${f.frame} (dataset units)`),
    h('tr', {}, h('th', {}, 'step'), h('th', {}, ''), ...names.map((n) => h('th', {}, n))),
    ...f.predicted.flatMap((r, k) => [
      h('tr', { class: 'predicted' }, h('td', {}, `t+${k}`), h('td', {}, 'predicted'), ...cells(r)),
      h('tr', { class: 'demonstrated note' }, h('td', {}, ''), h('td', {}, 'demonstrated'), ...cells(f.demonstrated[k])),
    ]),
  );
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  const a = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 10 * Math.cos(a - 0.4), y1 - 10 * Math.sin(a - 0.4));
  ctx.lineTo(x1 - 10 * Math.cos(a + 0.4), y1 - 10 * Math.sin(a + 0.4));
  ctx.closePath();
  ctx.fill();
}

window.addEventListener('message', (event: MessageEvent) => {
  const v = validateProbeToWebview(event.data);
  if (!v.ok) return;
  const msg = v.message;
  switch (msg.type) {
    case 'init':
      info = msg.info;
      root.setAttribute('aria-busy', 'false');
      status.textContent = '';
      renderInfo(msg.info);
      dataNote.textContent = msg.dataNote ?? `${msg.segments.length} segment(s) available.`;
      renderSegments(msg.segments);
      break;
    case 'progress':
      status.textContent = `${msg.task}: ${msg.done}/${msg.total}`;
      break;
    case 'latency':
      status.textContent = '';
      renderLatency(msg.results, msg.notes);
      break;
    case 'replay':
      status.textContent = '';
      renderReplay(msg.replay);
      break;
    case 'frame':
      status.textContent = '';
      renderFrame(msg.frame);
      break;
    case 'error':
      status.textContent = msg.message;
      status.className = 'status bad';
      setTimeout(() => {
        status.className = 'status';
      }, 5000);
      break;
  }
});

void info;
send({ type: 'ready' });
