/**
 * Action conventions of a stage's sources against the spec's, in the editor — the same decisions the
 * trainer takes before loading any data (python/vlalab/trainer/datasources.py check_stages; both run
 * the cases of test/fixtures/conventions/cases.json). A source's convention: its `convention` in the
 * spec field by field, over the built-in data's (Playtable, CALVIN) or its dataset's metadata
 * (`action_convention` in LeRobot's meta/info.json or RLDS's metadata.json; schemas/data-sources.json).
 * A source's control rate: `control_hz` in the spec, its dataset's metadata (`controlRates` there), the
 * built-in data's; sources of one stage at different rates, or of unknown rate in a mixed stage, stop.
 */
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import facts from '../../../../schemas/data-sources.json';
import { METADATA_FILES, rldsRoot } from '../dataset-features';
import { specPath, type Rule, type RuleFinding, type SpecContext } from './engine';

export interface Convention {
  mode: string;
  frame: string;
  rotation: string;
  gripper: { closed: number; open: number };
}

const FIELDS = ['mode', 'frame', 'rotation', 'gripper'] as const;
const DEFAULT = facts.defaultConvention as Convention;
const BUILTIN = facts.builtinConventions as Record<string, Convention>;

export interface SourceConvention {
  /** Undefined: no convention anywhere (or an incomplete one: `incomplete` names the missing fields). */
  convention?: Convention;
  incomplete?: string[];
  convert: boolean;
}

type ConventionDecision =
  | { kind: 'ok' }
  | { kind: 'convert'; differences: string[] }
  | { kind: 'mismatch' | 'fixed'; differences: string[] }
  | { kind: 'undeclared' }
  | { kind: 'incomplete'; missing: string[] };

export type Decision = ConventionDecision | RateDecision;

/** A source's control rate in its stage: `ref` is the stage's first source with a known rate. */
export type RateDecision =
  | { kind: 'rate'; hz: number; ref: number; refHz: number }
  | { kind: 'rate-unknown'; ref?: number; refHz?: number };

const RATES = facts.controlRates as {
  builtin: Record<string, number>;
  metadataKeys: Record<string, string>;
  calvinConfig: string;
  playtableRecord: string;
};

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The spec's convention: action.convention over the default, field by field. */
export function targetConvention(given: unknown): Convention {
  const g = isObj(given) ? given : {};
  return Object.fromEntries(FIELDS.map((k) => [k, g[k] ?? DEFAULT[k]])) as unknown as Convention;
}

/** A source's convention from the spec's declaration over the built-in one or its metadata's. */
export function sourceConvention(type: string, declared: unknown, metadata: unknown): SourceConvention {
  const d = isObj(declared) ? declared : {};
  const fromSpec = Object.fromEntries(FIELDS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
  const base = BUILTIN[type] ?? (isObj(metadata) ? metadata : undefined);
  const merged: Record<string, unknown> = { ...(base ?? {}), ...fromSpec };
  const missing = FIELDS.filter((k) => merged[k] === undefined);
  if (!missing.length) return { convention: merged as unknown as Convention, convert: d.convert === true };
  return { ...(missing.length < FIELDS.length ? { incomplete: [...missing] } : {}), convert: d.convert === true };
}

function gripperText(g: { closed: number; open: number }): string {
  return `closed ${g.closed} / open ${g.open}`;
}

function differences(src: Convention, tgt: Convention): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [];
  for (const k of ['mode', 'frame', 'rotation'] as const)
    if (src[k] !== tgt[k]) out.push({ field: k, text: `${k} ${src[k]} (the spec's: ${tgt[k]})` });
  if (Number(src.gripper?.closed) !== Number(tgt.gripper?.closed) || Number(src.gripper?.open) !== Number(tgt.gripper?.open)) {
    out.push({ field: 'gripper', text: `gripper ${gripperText(src.gripper)} (the spec's: ${tgt.gripper.closed} / ${tgt.gripper.open})` });
  }
  return out;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** A source's control rate (Hz): declared in the spec, else its metadata's, else the built-in data's (datasources.py source_rate). */
export function sourceRate(type: string, declared: unknown, metadataHz: unknown): number | undefined {
  return positive(declared) ?? positive(metadataHz) ?? RATES.builtin[type];
}

/** The same rate within 0.1 % (datasources.py same_rate). */
function sameRate(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3 * Math.max(a, b);
}

/** Each source's control rate against its stage's (the first known one); undefined: nothing to say. */
export function rateDecisions(rates: (number | undefined)[]): (RateDecision | undefined)[] {
  if (rates.length < 2) return rates.map(() => undefined);
  const ref = rates.findIndex((r) => r !== undefined);
  const refHz = ref >= 0 ? rates[ref] : undefined;
  return rates.map((hz) => {
    if (hz === undefined) return { kind: 'rate-unknown', ...(refHz !== undefined ? { ref, refHz } : {}) };
    return refHz !== undefined && !sameRate(hz, refHz) ? { kind: 'rate', hz, ref, refHz } : undefined;
  });
}

/** What happens to each source of a stage: its convention's decision, else its control rate's when `rates`
 * are given (datasources.py check_stages stops at the first non-ok, non-convert one). */
export function stageDecisions(target: Convention, sources: SourceConvention[], rates?: (number | undefined)[]): Decision[] {
  const byRate = rates ? rateDecisions(rates) : [];
  return conventionDecisions(target, sources).map((d, i) => (d.kind === 'ok' || d.kind === 'convert' ? (byRate[i] ?? d) : d));
}

function conventionDecisions(target: Convention, sources: SourceConvention[]): ConventionDecision[] {
  return sources.map((s) => {
    if (s.incomplete) return { kind: 'incomplete', missing: s.incomplete };
    if (!s.convention) return sources.length > 1 ? { kind: 'undeclared' } : { kind: 'ok' };
    const diff = differences(s.convention, target);
    if (!diff.length) return { kind: 'ok' };
    const texts = diff.map((d) => d.text);
    if (diff.some((d) => d.field === 'mode' || d.field === 'frame')) return { kind: 'fixed', differences: texts };
    return s.convert ? { kind: 'convert', differences: texts } : { kind: 'mismatch', differences: texts };
  });
}

/** The `action_convention` of a LeRobot / RLDS dataset's metadata, when the rule can read it. */
function metadataConvention(type: unknown, path: unknown, ctx: SpecContext): unknown {
  if (!ctx.readText || typeof path !== 'string') return undefined;
  const dir = specPath(ctx, path);
  let file: string | undefined;
  if (type === 'lerobot') file = join(dir, METADATA_FILES.lerobot);
  else if (type === 'rlds') {
    const root = rldsRoot(dir, { readText: ctx.readText, listDir: ctx.listDir });
    file = root ? join(root, METADATA_FILES.rlds) : undefined;
  }
  const text = file ? ctx.readText(file) : undefined;
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as Record<string, unknown>)[facts.conventionKey];
  } catch {
    return undefined;
  }
}

/** The control rate a LeRobot / RLDS dataset's metadata or a CALVIN split's recording config declares
 * (Playtable's for a CALVIN-layout split Playtable wrote), when the rule can read it. */
function metadataRate(value: Record<string, unknown>, ctx: SpecContext): number | undefined {
  const { type, path } = value;
  if (!ctx.readText || typeof path !== 'string' || typeof type !== 'string') return undefined;
  const dir = specPath(ctx, path);
  const read = (file: string, yaml = false): unknown => {
    const text = ctx.readText!(file);
    if (text === undefined) return undefined;
    try {
      return yaml ? parseYaml(text) : JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const dig = (meta: unknown): number | undefined =>
    positive((RATES.metadataKeys[type] ?? '').split('.').reduce<any>((o, k) => (isObj(o) ? o[k] : undefined), meta));
  if (type === 'lerobot') return dig(read(join(dir, METADATA_FILES.lerobot)));
  if (type === 'rlds') {
    const root = rldsRoot(dir, { readText: ctx.readText, listDir: ctx.listDir });
    return root ? dig(read(join(root, METADATA_FILES.rlds))) : undefined;
  }
  if (type === 'calvin') {
    const places = [join(dir, typeof value.split === 'string' ? value.split : 'training'), dir];
    const config = places.map((d) => read(join(d, ...RATES.calvinConfig.split('/')), true)).find((m) => m !== undefined);
    const hz = dig(config);
    if (hz !== undefined) return hz;
    if (places.some((d) => ctx.readText!(join(d, RATES.playtableRecord)) !== undefined)) return RATES.builtin.playtable;
  }
  return undefined;
}

export const conventionRules: Rule[] = [
  {
    code: 'spec/dataset-convention',
    severity: 'error',
    summary:
      'Every source of a stage must follow action.convention (delta/absolute, frame, rotation, gripper values), from its declared or metadata convention; gripper and rotation differences convert with convention.convert, mode and frame never; an undeclared source cannot be mixed with others. The trainer stops on the same cases.',
    check(s, ctx) {
      const target = targetConvention(s.get('/action/convention'));
      const out: RuleFinding[] = [];
      const stages = new Map<number, ReturnType<typeof s.datasets>>();
      for (const d of s.datasets()) stages.set(d.stage, [...(stages.get(d.stage) ?? []), d]);
      for (const ds of stages.values()) {
        const sources = ds.map((d) =>
          sourceConvention(
            String(d.value.type),
            d.value.convention,
            BUILTIN[String(d.value.type)] ? undefined : metadataConvention(d.value.type, d.value.path, ctx),
          ),
        );
        conventionDecisions(target, sources).forEach((dec, i) => {
          const d = ds[i];
          if (dec.kind === 'ok' || dec.kind === 'convert') return;
          if (dec.kind === 'incomplete') {
            out.push({
              pointer: isObj(d.value.convention) ? `${d.pointer}/convention` : d.pointer,
              message: `This source's action convention is incomplete (no ${dec.missing.join(', ')}, neither in the spec nor in its dataset's metadata): complete its "convention".`,
            });
            return;
          }
          if (dec.kind === 'undeclared') {
            out.push({
              pointer: d.pointer,
              message: `This ${String(d.value.type)} source does not say its action convention (not in the spec, not in its dataset's metadata) and the stage mixes it with other sources: declare "convention" (mode, frame, rotation, gripper).`,
              fixes: [
                {
                  title: "Declare that it follows the spec's convention (check the dataset first)",
                  ops: [{ op: 'set', pointer: `${d.pointer}/convention`, value: { ...target } }],
                },
              ],
            });
            return;
          }
          const fixed = dec.kind === 'fixed';
          out.push({
            pointer: isObj(d.value.convention) ? `${d.pointer}/convention` : d.pointer,
            message: `This source's actions differ from the spec's convention: ${dec.differences.join('; ')} — ${
              fixed
                ? "delta/absolute and the frame cannot be converted (they need the robot's state): use a source with the spec's, or change action.convention."
                : 'add "convert": true to its "convention" to convert them, or change action.convention.'
            }`,
            ...(fixed
              ? {}
              : {
                  fixes: [
                    {
                      title: "Convert this source's actions to the spec's convention",
                      ops: [{ op: 'set' as const, pointer: `${d.pointer}/convention/convert`, value: true }],
                      preferred: true,
                    },
                  ],
                }),
          });
        });
      }
      return out;
    },
  },
  {
    code: 'spec/dataset-control-rate',
    severity: 'error',
    summary:
      "The sources of one stage must share a control rate (control_hz in the spec, else LeRobot's fps, RLDS metadata.json's control_hz, a CALVIN recording's env.control_freq, else the built-in data's); a source of unknown rate cannot be mixed with others. Nothing is resampled; the trainer stops on the same cases.",
    check(s, ctx) {
      const out: RuleFinding[] = [];
      const stages = new Map<number, ReturnType<typeof s.datasets>>();
      for (const d of s.datasets()) stages.set(d.stage, [...(stages.get(d.stage) ?? []), d]);
      for (const ds of stages.values()) {
        const rates = ds.map((d) =>
          sourceRate(String(d.value.type), d.value.control_hz, positive(d.value.control_hz) ? undefined : metadataRate(d.value, ctx)),
        );
        rateDecisions(rates).forEach((dec, i) => {
          const d = ds[i];
          if (!dec) return;
          const other = (j: number) => `dataset ${j} (${String(ds[j].value.type)})`;
          if (dec.kind === 'rate-unknown') {
            out.push({
              pointer: d.pointer,
              message: `This ${String(d.value.type)} source's control rate is not known (not in the spec, not in its dataset's metadata) and the stage mixes it with other sources${
                dec.refHz !== undefined ? ` (${other(dec.ref!)} runs at ${dec.refHz} Hz)` : ''
              }: declare "control_hz".`,
              ...(dec.refHz !== undefined
                ? {
                    fixes: [
                      {
                        title: `Declare that it runs at ${dec.refHz} Hz, as ${other(dec.ref!)} (check the dataset first)`,
                        ops: [{ op: 'set' as const, pointer: `${d.pointer}/control_hz`, value: dec.refHz }],
                      },
                    ],
                  }
                : {}),
            });
            return;
          }
          out.push({
            pointer: positive(d.value.control_hz) ? `${d.pointer}/control_hz` : d.pointer,
            message: `This source's control rate is ${dec.hz} Hz, ${other(dec.ref)} runs at ${dec.refHz} Hz: one action spans a different time and VLA Lab does not resample. Use data recorded at ${dec.refHz} Hz, train on it in a stage of its own, or correct "control_hz" if its metadata is wrong.`,
          });
        });
      }
      return out;
    },
  },
];
