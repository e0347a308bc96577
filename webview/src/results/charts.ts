/**
 * Which curves go in which chart, and the chart.js datasets for one chart — pure functions of the
 * panel state, so tests check grouping, overlay labels, smoothing and the text summary without a
 * browser.
 *
 * Charts: loss (train/val total), loss components (arm, gripper, and any other loss_*), gripper
 * accuracy, learning rate, then one chart per other scalar. Tags from the built-in trainer
 * (`train/loss_arm`) and from RoboVLMs' Lightning logs (`train_loss_arm_act`, `lr-AdamW`) both fit.
 */
import type { XAxis } from '../../../extension/shared/messages/results';
import { smoothedY } from './smoothing';
import { runLabel, type ResultsState, type Series } from './state';

export interface ChartGroup {
  id: string;
  title: string;
  /** Series names in this chart. */
  names: string[];
  /** y axis label. */
  yLabel: string;
}

const KNOWN: { id: string; title: string; yLabel: string; test: (n: string) => boolean }[] = [
  { id: 'loss', title: 'Loss', yLabel: 'loss', test: (n) => /^(train|val|validation)[/_]loss(_act)?$/i.test(n) || /^loss$/i.test(n) },
  { id: 'components', title: 'Loss components', yLabel: 'loss', test: (n) => /loss[_/]/i.test(n) || /_loss$/i.test(n) },
  { id: 'accuracy', title: 'Gripper accuracy', yLabel: 'accuracy', test: (n) => /acc[a-z]*[_/]?grip|grip[a-z]*[_/]?acc/i.test(n) },
  { id: 'lr', title: 'Learning rate', yLabel: 'learning rate', test: (n) => /(^|[/_-])lr($|[/_-])|learning[_-]?rate/i.test(n) },
];

/** Groups scalar names into charts, in a stable order. */
export function chartGroups(names: Iterable<string>): ChartGroup[] {
  const groups = new Map<string, ChartGroup>();
  const sorted = [...new Set(names)].sort(seriesOrder);
  for (const name of sorted) {
    const known = KNOWN.find((k) => k.test(name));
    const id = known ? known.id : `other:${name}`;
    let g = groups.get(id);
    if (!g) {
      g = known
        ? { id, title: known.title, names: [], yLabel: known.yLabel }
        : { id, title: name, names: [], yLabel: name.split(/[/]/).pop() ?? name };
      groups.set(id, g);
    }
    g.names.push(name);
  }
  const order = (id: string) => {
    const i = KNOWN.findIndex((k) => k.id === id);
    return i >= 0 ? i : KNOWN.length;
  };
  return [...groups.values()].sort((a, b) => order(a.id) - order(b.id) || a.id.localeCompare(b.id));
}

/** train before val, then alphabetical. */
function seriesOrder(a: string, b: string): number {
  const rank = (n: string) => (/^train/i.test(n) ? 0 : /^val/i.test(n) ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export interface DatasetSpec {
  label: string;
  run: string;
  name: string;
  /** Raw points drawn faintly under the smoothed line. */
  raw: boolean;
  color: string;
  dashed: boolean;
  data: { x: number; y: number | null }[];
}

export interface BuildOptions {
  colors: string[];
  smoothing: number;
  logScale: boolean;
}

/** Validation curves dashed, training solid; one colour per run. */
function isValidation(name: string): boolean {
  return /^val/i.test(name);
}

function points(x: number[], y: (number | null)[], logScale: boolean): { x: number; y: number | null }[] {
  const out = new Array<{ x: number; y: number | null }>(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = y[i];
    // A log axis cannot show values ≤ 0: they become gaps rather than breaking the axis.
    out[i] = { x: x[i], y: v === null || (logScale && v <= 0) ? null : v };
  }
  return out;
}

/** The datasets of one chart: per run and series, the smoothed line (when smoothing, computed here) over the raw one. */
export function buildDatasets(state: ResultsState, group: ChartGroup, opts: BuildOptions): DatasetSpec[] {
  const out: DatasetSpec[] = [];
  const overlay = state.runs.length > 1;
  state.runs.forEach((run, runIndex) => {
    const color = opts.colors[runIndex % opts.colors.length];
    const m = state.series.get(run.key);
    if (!m) return;
    for (const name of group.names) {
      const s = m.get(name);
      if (!s || s.x.length === 0) continue;
      const base = overlay ? `${runLabel(state, run.key)} · ${name}` : name;
      const smoothed = opts.smoothing > 0;
      if (smoothed)
        out.push({
          label: `${base} (raw)`,
          run: run.key,
          name,
          raw: true,
          color,
          dashed: isValidation(name),
          data: points(s.x, s.y, opts.logScale),
        });
      out.push({
        label: base,
        run: run.key,
        name,
        raw: false,
        color,
        dashed: isValidation(name),
        data: points(s.x, smoothed ? smoothedY(s, opts.smoothing) : s.y, opts.logScale),
      });
    }
  });
  return out;
}

/** A number for people: 4 significant digits, exponent form for tiny/huge values. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

export function xAxisTitle(x: XAxis): string {
  return x === 'step' ? 'step' : x === 'relative' ? 'time since start (s)' : 'wall time';
}

/** Tick label on the x axis: steps as integers, relative time as h:mm:ss, wall time as local time. */
export function formatX(x: XAxis, v: number): string {
  if (x === 'step') return Math.round(v).toLocaleString('en-US');
  if (x === 'relative') {
    const s = Math.max(0, Math.round(v));
    const hh = Math.floor(s / 3600),
      mm = Math.floor((s % 3600) / 60),
      ss = s % 60;
    return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}` : `${mm}:${String(ss).padStart(2, '0')}`;
  }
  const d = new Date(v * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

function lastFinite(s: Series): { x: number; y: number } | undefined {
  for (let i = s.x.length - 1; i >= 0; i--) {
    const v = s.y[i];
    if (v !== null) return { x: s.x[i], y: v };
  }
  return undefined;
}

/**
 * The chart as text, for screen readers and for anyone who wants the number: latest value of each
 * curve per run ("train/loss 0.1234 at step 400").
 */
export function chartSummary(state: ResultsState, group: ChartGroup): string {
  const parts: string[] = [];
  for (const run of state.runs) {
    const m = state.series.get(run.key);
    if (!m) continue;
    for (const name of group.names) {
      const s = m.get(name);
      if (!s) continue;
      const last = lastFinite(s);
      if (!last) continue;
      const prefix = state.runs.length > 1 ? `${runLabel(state, run.key)}: ` : '';
      const at = state.view.x === 'step' ? `step ${formatX('step', last.x)}` : formatX(state.view.x, last.x);
      parts.push(`${prefix}${name} ${formatValue(last.y)} at ${at}`);
    }
  }
  return parts.length ? `Latest: ${parts.join('; ')}.` : 'No points yet.';
}
