/**
 * Action conventions of a stage's sources against the spec's, in the editor — the same decisions the
 * trainer takes before loading any data (python/vlalab/trainer/datasources.py check_stages; both run
 * the cases of test/fixtures/conventions/cases.json). A source's convention: its `convention` in the
 * spec field by field, over the built-in data's (Playtable, CALVIN) or its dataset's metadata
 * (`action_convention` in LeRobot's meta/info.json or RLDS's metadata.json; schemas/data-sources.json).
 */
import { join } from 'node:path';
import facts from '../../../../schemas/data-sources.json';
import { rldsRoot } from '../dataset-features';
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

export type Decision =
  | { kind: 'ok' }
  | { kind: 'convert'; differences: string[] }
  | { kind: 'mismatch' | 'fixed'; differences: string[] }
  | { kind: 'undeclared' }
  | { kind: 'incomplete'; missing: string[] };

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

/** What happens to each source of a stage (datasources.py check_stages stops at the first non-ok, non-convert one). */
export function stageDecisions(target: Convention, sources: SourceConvention[]): Decision[] {
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
  if (type === 'lerobot') file = join(dir, 'meta', 'info.json');
  else if (type === 'rlds') {
    const root = rldsRoot(dir, { readText: ctx.readText, listDir: ctx.listDir });
    file = root ? join(root, 'metadata.json') : undefined;
  }
  const text = file ? ctx.readText(file) : undefined;
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as Record<string, unknown>)[facts.conventionKey];
  } catch {
    return undefined;
  }
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
        stageDecisions(target, sources).forEach((dec, i) => {
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
];
