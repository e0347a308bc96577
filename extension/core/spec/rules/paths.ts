/**
 * Paths on disk (relative to the spec file's directory). Missing data or weights are warnings,
 * not errors: a spec written for a cluster must still validate on a laptop without its data.
 */
import { backboneFacts, hfLocalPath } from '../backbones';
import { experimentNameProblem, NAME_MAX, NAME_PATTERN } from '../../runner/names';
import { specPath, type Rule, type RuleFinding } from './engine';

export const pathRules: Rule[] = [
  {
    code: 'spec/reserved-name',
    severity: 'error',
    summary:
      "The name becomes the folder runs/<name>/: names starting with '.' and _data are VLA Lab's own folders there (core/runner/names.ts, the one rule the runner applies too).",
    check(s) {
      const name = s.str('/name');
      const problem = name === undefined ? null : experimentNameProblem(name);
      // The schema's pattern and length already report the other problems; this adds what it cannot say.
      if (name === undefined || !problem || !NAME_PATTERN.test(name) || name.length > NAME_MAX) return [];
      return [{ pointer: '/name', message: `"${name}" cannot name an experiment: ${problem}. Choose another name.` }];
    },
  },
  {
    code: 'spec/path-not-found',
    severity: 'warning',
    summary:
      'Dataset directories (except Playtable, generated on demand), backbone.path, hf: local paths and eval sequences files that do not exist (relative to the spec file).',
    check(s, ctx) {
      const out: RuleFinding[] = [];
      for (const d of s.datasets()) {
        const p = d.value.path;
        if (typeof p !== 'string' || d.value.type === 'playtable') continue;
        if (!ctx.dirExists(specPath(ctx, p)))
          out.push({
            pointer: `${d.pointer}/path`,
            message: `Dataset directory "${p}" does not exist (paths are relative to the spec file): training will fail until the ${d.value.type === 'oxe' ? 'OXE' : d.value.type === 'lerobot' ? 'LeRobot' : d.value.type === 'rlds' ? 'RLDS' : 'CALVIN'} data is there.`,
          });
      }
      const bp = s.str('/backbone/path');
      if (bp !== undefined && !ctx.dirExists(specPath(ctx, bp))) {
        out.push({
          pointer: '/backbone/path',
          message: `Backbone weights directory "${bp}" does not exist (relative to the spec file): download the model there (config.json + weights) before training.`,
        });
      }
      const id = s.str('/backbone/id');
      const local = id?.startsWith('hf:') ? hfLocalPath(id) : undefined;
      if (local !== undefined && !ctx.dirExists(specPath(ctx, local))) {
        out.push({
          pointer: '/backbone/id',
          message: `"${local}" (from ${id}) is not a directory: point hf: at a local model directory with config.json.`,
        });
      }
      for (const e of s.evals()) {
        const seq = e.value.sequences;
        if (typeof seq === 'string' && !ctx.fileExists(specPath(ctx, seq)))
          out.push({ pointer: `${e.pointer}/sequences`, message: `Sequences file "${seq}" does not exist (relative to the spec file).` });
      }
      return out;
    },
  },
  {
    code: 'spec/backbone-path-no-config',
    severity: 'warning',
    summary: 'A backbone weights directory without config.json cannot be loaded by transformers (RoboVLMs raises FileNotFoundError).',
    check(s, ctx) {
      const id = s.str('/backbone/id');
      const bp = s.str('/backbone/path') ?? (id?.startsWith('hf:') ? hfLocalPath(id) : undefined);
      if (bp === undefined) return [];
      const dir = specPath(ctx, bp);
      if (!ctx.dirExists(dir) || ctx.fileExists(specPath(ctx, `${dir}/config.json`))) return [];
      return [
        {
          pointer: s.str('/backbone/path') !== undefined ? '/backbone/path' : '/backbone/id',
          message: `"${bp}" has no config.json: it must be a Hugging Face model directory (config.json + weights).`,
        },
      ];
    },
  },
  {
    code: 'spec/dataset-needs-path',
    severity: 'error',
    summary: 'CALVIN, OXE, LeRobot and RLDS datasets need a path to their data (only Playtable generates its own).',
    check(s) {
      const kinds: Record<string, [string, string]> = {
        calvin: ['CALVIN', 'e.g. calvin/task_ABC_D'],
        oxe: ['OXE', 'the OXE/RLDS root'],
        lerobot: ['LeRobot', 'the folder holding meta/ and data/'],
        rlds: ['RLDS', 'the folder holding dataset_info.json and the TFRecord shards'],
      };
      return s.datasets().flatMap((d) => {
        const kind = kinds[String(d.value.type)];
        return kind && typeof d.value.path !== 'string'
          ? [
              {
                pointer: d.pointer,
                message: `A ${kind[0]} dataset needs "path": the directory holding its data (${kind[1]}), relative to the spec file.`,
              },
            ]
          : [];
      });
    },
  },
  {
    code: 'spec/hf-remote-id',
    severity: 'info',
    summary:
      'An hf: id without backbone.path that is not a local directory is looked up in the local Hugging Face cache (VLA Lab never downloads).',
    check(s, ctx) {
      const id = s.str('/backbone/id');
      // backbone.path, when set, is what loads: the id is then only a name
      if (
        !id?.startsWith('hf:') ||
        s.str('/backbone/path') !== undefined ||
        hfLocalPath(id) !== undefined ||
        backboneFacts(id) === undefined
      )
        return [];
      const rest = id.slice(3);
      if (ctx.dirExists(specPath(ctx, rest))) return [];
      return [
        {
          pointer: '/backbone/id',
          message: `"${rest}" is not a local directory, so it must already be in the local Hugging Face cache (VLA Lab never downloads): download it first, or set backbone.path to its local directory.`,
        },
      ];
    },
  },
];
