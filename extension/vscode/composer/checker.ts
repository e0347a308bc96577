/**
 * Binds the composer's SpecChecker to the spec core: schema validation, the semantic rules and
 * the cost estimate — the same checks the Problems panel and `vla-lab validate` run, so a choice
 * the composer disables is exactly one the validator would reject.
 *
 * The spec core (and its pre-generated validators) loads on the first check, not at activation.
 */
import type { RuleFinding, SpecChecker } from './model';
import type { CostSummary } from '../../shared/messages/composer';
import type { LocalModel } from '../../core/models/local';

type SpecCore = typeof import('../../core/spec');
let core: SpecCore | undefined;
const spec = (): SpecCore => (core ??= require('../../core/spec') as SpecCore);

/**
 * A checker whose path rules resolve relative paths against `baseDir` (the spec's folder);
 * `localModels` lists the models on this machine for the backbone choices.
 */
export function specCheckerFor(baseDir: string, localModels?: () => readonly LocalModel[]): SpecChecker {
  return {
    ...(localModels ? { localModels } : {}),
    check(value: Record<string, unknown>): RuleFinding[] {
      const s = spec();
      const doc = s.documentFromValue(value);
      return s
        .checkDocument(doc, s.diskContext(baseDir))
        .map(({ code, severity, message, pointer }) => ({ code, severity, message, pointer }));
    },
    cost(value: Record<string, unknown>): CostSummary | undefined {
      const s = spec();
      const where = { baseDir }; // an hf: backbone is counted from its local weights, relative to the spec
      const estimate = s.estimateCost(value, undefined, where);
      if (!estimate) {
        const unknown = s.unknownCost(value, where);
        return unknown === undefined
          ? undefined
          : {
              params: `Parameters ${unknown}`,
              memory: `Memory ${unknown}`,
              note: 'An hf: backbone is counted from its local weights (config.json + safetensors); download the model to backbone.path first.',
            };
      }
      const gpus = Number((value.resources as { gpus?: unknown } | undefined)?.gpus ?? 0);
      return {
        params: `${s.formatCount(estimate.params.total)} parameters (${s.formatCount(estimate.params.trainable)} trainable)`,
        memory: `${s.formatBytes(estimate.memory.total)} ${gpus > 0 ? 'GPU memory per GPU' : 'memory'} (training, estimated)`,
        note: estimate.note,
      };
    },
  };
}

/** Checker for specs whose folder is unknown (untitled documents): paths resolve from the cwd. */
export const specChecker: SpecChecker = specCheckerFor(process.cwd());
