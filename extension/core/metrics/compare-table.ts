/**
 * How a compare table reads (pure, no imports: the Compare and Sweep webviews bundle it, `vla-lab
 * compare`, `report`, `curve` and `tasks` print with it): which run is best on a metric, how a
 * metric value, a p-value and an interval across seeds are written, and a protocol's caption.
 */

/** What bestIndex reads of a metric row (core/metrics/compare.ts MetricRow, shared/messages MetricRow). */
export interface ComparedMetric {
  name?: string;
  values: readonly (number | null)[];
  better: 'lower' | 'higher';
  digits?: number;
}

/** Index of the best value in a metric row (ties: the first), or -1 when fewer than two runs have one. */
export function bestIndex(row: ComparedMetric): number {
  let best = -1;
  let have = 0;
  row.values.forEach((v, i) => {
    if (v === null) return;
    have++;
    if (best < 0 || (row.better === 'lower' ? v < (row.values[best] as number) : v > (row.values[best] as number))) best = i;
  });
  return have >= 2 ? best : -1;
}

export function formatMetric(v: number | null, digits: number): string {
  if (v === null) return '—';
  if (digits === 0) return Math.round(v).toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && a < 10 ** -digits) return v.toExponential(2);
  return v.toFixed(digits);
}

/** An evaluation's protocol tags (eval_result.protocol): what makes two of its numbers comparable. */
export type Protocol = Readonly<Record<string, unknown>>;

/**
 * Tags that never make two results incomparable: which checkpoint was evaluated (every run has its
 * own). Every other tag — benchmark version, split, scene, chain set, phrasing set, embodiment,
 * seed, execution strategy... — is part of the protocol.
 */
const NOT_PROTOCOL: ReadonlySet<string> = new Set(['checkpoint']);

/** Where one run's evaluation protocol differs from the reference run's (the first one evaluated). */
export interface ProtocolNote {
  /** The tags that differ ('protocol' when one side recorded none). */
  tags: string[];
  /** e.g. "split ABC->D (vs A->A), scene D (vs A)". */
  text: string;
}

function shown(v: unknown): string {
  if (v === undefined) return 'none';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Per run, how its evaluation's protocol differs from the reference (the first run that has an
 * evaluation), or null where it is the same or the run has no evaluation. `protocols[i]`: undefined
 * = no evaluation, null = an evaluation recorded without protocol tags (older results). Tables mark
 * such cells instead of comparing numbers from different protocols silently.
 */
export function protocolNotes(protocols: readonly (Protocol | null | undefined)[]): (ProtocolNote | null)[] {
  const refIndex = protocols.findIndex((p) => p !== undefined);
  if (refIndex < 0) return protocols.map(() => null);
  const ref = protocols[refIndex] as Protocol | null; // defined: refIndex found one
  return protocols.map((p, i) => {
    if (p === undefined || i === refIndex) return null;
    if ((p === null) !== (ref === null)) {
      return { tags: ['protocol'], text: p === null ? 'no protocol recorded (vs tagged)' : 'protocol tagged (vs none recorded)' };
    }
    if (p === null || ref === null) return null;
    const keys = [...new Set([...Object.keys(ref), ...Object.keys(p)])].filter((k) => !NOT_PROTOCOL.has(k)).sort();
    const tags = keys.filter((k) => JSON.stringify(p[k]) !== JSON.stringify(ref[k]));
    if (tags.length === 0) return null;
    return { tags, text: tags.map((k) => `${k} ${shown(p[k])} (vs ${shown(ref[k])})`).join(', ') };
  });
}

/**
 * The order captions list a protocol's tags in: what was evaluated (benchmark, version, split, scene,
 * chains, phrasings, embodiment, seed, budget), then how (execution, delay, expert routes, obstacle),
 * then what marks a reference point or control. Tags not named here follow alphabetically.
 */
const CAPTION_ORDER = [
  'benchmark',
  'benchmark_version',
  'split',
  'scene',
  'chain_set',
  'chain_length',
  'chains',
  'episodes',
  'phrasing_set',
  'embodiment',
  'seed',
  'max_steps',
  'execution',
  'delay',
  'expert_routes',
  'obstacle',
  'condition',
  'expert_noise',
];

/**
 * A protocol as a table's caption: "benchmark playtable · benchmark version 3+bee6be2b75 · split
 * ABCD->D · ... · eval seed 1000" — every tag but the checkpoint and those in `omit` (what the table
 * shows in columns of its own), in CAPTION_ORDER; the evaluation seed named so, so it is not read
 * as the training seed. The one caption of `vla-lab report`, `curve` and `tasks`.
 */
export function protocolCaption(p: Protocol | null | undefined, omit: ReadonlySet<string> = new Set()): string {
  if (!p) return 'no protocol recorded';
  const rank = (k: string) => (CAPTION_ORDER.includes(k) ? CAPTION_ORDER.indexOf(k) : CAPTION_ORDER.length);
  return Object.keys(p)
    .filter((k) => p[k] !== undefined && !omit.has(k) && !NOT_PROTOCOL.has(k))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((k) => `${k === 'seed' ? 'eval seed' : k.replace(/_/g, ' ')} ${p[k] === null ? 'none' : shown(p[k])}`)
    .join(' · ');
}

/**
 * A p-value as the tables print it: three decimals (more where needed to stay on p's side of α), or
 * one significant digit in scientific notation below 0.001.
 */
export function formatP(p: number | null, alpha = 0.05): string {
  if (p === null) return '—';
  if (p < 0.001) return p.toExponential(1);
  // Three decimals, or more where rounding would put p on the other side of α (or on it): 0.0501
  // printed as 0.050 beside "within noise at α = 0.05" reads as a contradiction.
  for (let digits = 3; digits < 8; digits++) {
    const text = p.toFixed(digits);
    if ((p === alpha || Number(text) !== alpha) && Number(text) <= alpha === p <= alpha) return text;
  }
  return String(p);
}

/**
 * A Student-t interval across seeds as the tables and the Sweep panel print it: "[lo, hi]" (with *
 * where it was cut at the metric's bounds); "— (one seed)" when there is no spread to estimate; and
 * "— (no spread: the seeds agree)" when every seed gave the same value — a zero-width interval would
 * read as certainty about the mean, which two or three equal values do not give.
 */
export function seedIntervalText(i: { lo: number | null; hi: number | null; clipped: boolean }, format: (v: number) => string): string {
  if (i.lo === null || i.hi === null) return '— (one seed)';
  if (i.lo === i.hi) return '— (no spread: the seeds agree)';
  return `[${format(i.lo)}, ${format(i.hi)}]${i.clipped ? '*' : ''}`;
}

/** Text made safe for a markdown table cell (a | would end the cell). */
export const escapeCell = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * A protocol's short name for a table header: "Playtable 1+4b62732452 · ABC->D" (benchmark, version,
 * split or scene), and the condition of a reference point or control (protocol.condition, e.g.
 * "· blank-cameras") so such a result is never read as the policy's own.
 */
export function protocolLabel(p: Protocol | null | undefined): string {
  if (!p) return '';
  const bench = typeof p.benchmark === 'string' ? p.benchmark.charAt(0).toUpperCase() + p.benchmark.slice(1) : 'benchmark';
  const version = typeof p.benchmark_version === 'string' ? ` ${p.benchmark_version}` : '';
  const where = typeof p.split === 'string' ? p.split : typeof p.scene === 'string' ? `scene ${p.scene}` : '';
  const condition = typeof p.condition === 'string' ? ` · ${p.condition}` : '';
  return `${bench}${version}${where ? ` · ${where}` : ''}${condition}`;
}
