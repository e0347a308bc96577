/** Data recipe rules: stages and mixtures that match the recipe's meaning. */
import { isPlainObject } from '../pointer';
import type { Rule, RuleFinding } from './engine';

/**
 * A Playtable generation option set on a recorded dataset (calvin, oxe, ...), which ignores it: a
 * warning on the key, with its removal as the fix. One check for every such option.
 */
function playtableOnly(key: string, what: string): Rule['check'] {
  return (s) =>
    s
      .datasets()
      .filter((d) => d.value.type !== 'playtable' && s.has(`${d.pointer}/${key}`))
      .map((d) => ({
        pointer: `${d.pointer}/${key}`,
        target: 'key' as const,
        message: `${key} only applies to generated Playtable demonstrations (${what}); this "${String(d.value.type)}" dataset is recorded data: remove it.`,
        fixes: [{ title: `Remove ${key}`, ops: [{ op: 'remove' as const, pointer: `${d.pointer}/${key}` }], preferred: true }],
      }));
}

export const dataRules: Rule[] = [
  {
    code: 'spec/expert-routes-playtable-only',
    severity: 'warning',
    summary: 'expert_routes shapes how Playtable demonstrations are generated; recorded datasets (calvin, oxe) ignore it.',
    check: playtableOnly('expert_routes', 'the expert detours'),
  },
  {
    code: 'spec/lead-in-playtable-only',
    severity: 'warning',
    summary: 'lead_in chooses the tasks Playtable demonstrations may start after; recorded datasets (calvin, oxe) ignore it.',
    check: playtableOnly('lead_in', 'the tasks a demonstration may start after'),
  },
  {
    code: 'spec/desk-playtable-only',
    severity: 'warning',
    summary: "desk paints generated Playtable demonstrations' desk; recorded datasets (calvin, oxe) ignore it.",
    check: playtableOnly('desk', "the desk's colour in each demonstration"),
  },
  {
    code: 'spec/obstacle-needs-two-routes',
    severity: 'error',
    summary:
      "Playtable's obstacle puts a post on each demonstration's first leg that only the two-route experts go around: it needs expert_routes 2.",
    check(s) {
      return s
        .datasets()
        .filter((d) => d.value.type === 'playtable' && d.value.obstacle === true && d.value.expert_routes !== 2)
        .map((d) => ({
          pointer: `${d.pointer}/obstacle`,
          target: 'key' as const,
          message:
            'obstacle needs expert_routes 2: the one-route expert goes straight into the post, so gen-data could not make these demonstrations.',
          fixes: [
            {
              title: 'Set expert_routes to 2',
              ops: [{ op: 'set' as const, pointer: `${d.pointer}/expert_routes`, value: 2 }],
              preferred: true,
            },
          ],
        }));
    },
  },
  {
    code: 'spec/obstacle-single-task',
    severity: 'error',
    summary: "Playtable's obstacle is an option of single-task evaluations (chain_length 1); the evaluator refuses it on chains.",
    check(s) {
      return s
        .evals()
        .filter((e) => e.value.obstacle === true && (typeof e.value.chain_length === 'number' ? e.value.chain_length : 5) !== 1)
        .map((e) => ({
          pointer: `${e.pointer}/obstacle`,
          target: 'key' as const,
          message: 'obstacle applies to single-task evaluations only: set chain_length 1, or remove obstacle from this chain entry.',
          fixes: [{ title: 'Remove obstacle', ops: [{ op: 'remove' as const, pointer: `${e.pointer}/obstacle` }] }],
        }));
    },
  },
  {
    code: 'spec/obstacle-without-detours',
    severity: 'warning',
    summary:
      "An evaluation with Playtable's obstacle of a policy whose demonstrations were made without it: they never go around the post, so the policy is scored on a detour it never saw.",
    check(s) {
      const stages = s.arr('/data/stages');
      const last = stages.length - 1;
      const detours = s
        .datasets()
        .some((d) => d.stage === last && d.value.type === 'playtable' && d.value.obstacle === true && d.value.expert_routes === 2);
      if (detours) return [];
      return s
        .evals()
        .filter((e) => e.value.obstacle === true)
        .map((e) => ({
          pointer: `${e.pointer}/obstacle`,
          target: 'key' as const,
          message:
            'the training demonstrations never go around the post (no Playtable dataset of the last stage has obstacle true with expert_routes 2): add them, or this evaluation measures a detour the policy never saw.',
        }));
    },
  },
  {
    code: 'spec/post-train-needs-stages',
    severity: 'error',
    summary: 'post-train means pre-training on cross-embodiment data, then fine-tuning in-domain: at least two stages.',
    check(s) {
      const stages = s.arr('/data/stages');
      if (s.str('/data/recipe') !== 'post-train' || stages.length >= 2 || !s.has('/data/stages')) return [];
      return [
        {
          pointer: '/data/stages',
          message: `The post-train recipe needs at least 2 stages (cross-embodiment pre-training, then in-domain fine-tuning); this spec has ${stages.length}: add a stage, or use recipe "finetune".`,
          fixes: [{ title: 'Use the finetune recipe', ops: [{ op: 'set', pointer: '/data/recipe', value: 'finetune' }] }],
        },
      ];
    },
  },
  {
    code: 'spec/co-train-needs-mixture',
    severity: 'error',
    summary: 'co-train mixes in-domain and cross-embodiment data in one stage: every stage needs at least two datasets.',
    check(s) {
      if (s.str('/data/recipe') !== 'co-train') return [];
      const out: RuleFinding[] = [];
      s.arr('/data/stages').forEach((st, i) => {
        const ds = isPlainObject(st) && Array.isArray(st.datasets) ? st.datasets : undefined;
        if (ds && ds.length < 2)
          out.push({
            pointer: `/data/stages/${i}/datasets`,
            message: `Co-training mixes several datasets by weight, but stage ${i} has ${ds.length}: add the cross-embodiment dataset (with a "weight"), or use recipe "finetune".`,
          });
      });
      return out;
    },
  },
  {
    code: 'spec/co-train-default-weights',
    severity: 'info',
    summary: 'A co-train mixture without any explicit weight samples every dataset equally.',
    check(s) {
      if (s.str('/data/recipe') !== 'co-train') return [];
      return s.arr('/data/stages').flatMap((st, i) => {
        const ds = isPlainObject(st) && Array.isArray(st.datasets) ? st.datasets : [];
        const weighted = ds.some((_, j) => s.has(`/data/stages/${i}/datasets/${j}/weight`)); // as written, not the default
        return ds.length >= 2 && !weighted
          ? [
              {
                pointer: `/data/stages/${i}/datasets`,
                message: `No dataset of stage ${i} has a "weight", so they are sampled equally: set weights to control the mixture (e.g. 1 in-domain, 0.5 cross-embodiment).`,
              },
            ]
          : [];
      });
    },
  },
  {
    code: 'spec/finetune-multiple-stages',
    severity: 'warning',
    summary: 'finetune is one in-domain stage; several stages are a post-train recipe.',
    check(s) {
      const n = s.arr('/data/stages').length;
      if (s.str('/data/recipe') !== 'finetune' || n <= 1) return [];
      return [
        {
          pointer: '/data/recipe',
          message: `Recipe "finetune" is a single in-domain stage, but there are ${n}: use "post-train" (stages run in order, checkpoints carry over) so runs are labelled correctly.`,
          fixes: [
            { title: 'Use the post-train recipe', ops: [{ op: 'set', pointer: '/data/recipe', value: 'post-train' }], preferred: true },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/stage-length',
    severity: 'error',
    summary: 'Each stage needs exactly one of steps or epochs.',
    check(s) {
      const out: RuleFinding[] = [];
      s.arr('/data/stages').forEach((st, i) => {
        if (!isPlainObject(st)) return;
        const p = `/data/stages/${i}`;
        const hasSteps = st.steps !== undefined;
        const hasEpochs = st.epochs !== undefined;
        if (hasSteps && hasEpochs) {
          out.push({
            pointer: `${p}/epochs`,
            target: 'key',
            message: `Stage ${i} sets both "steps" and "epochs": keep one (steps is exact; epochs depends on the data size).`,
            fixes: [
              { title: 'Remove epochs', ops: [{ op: 'remove', pointer: `${p}/epochs` }], preferred: true },
              { title: 'Remove steps', ops: [{ op: 'remove', pointer: `${p}/steps` }] },
            ],
          });
        } else if (!hasSteps && !hasEpochs) {
          out.push({
            pointer: p,
            message: `Stage ${i} needs "steps" or "epochs" (how long to train).`,
            fixes: [{ title: 'Add "steps": 1000', ops: [{ op: 'set', pointer: `${p}/steps`, value: 1000 }], preferred: true }],
          });
        }
      });
      return out;
    },
  },
  {
    code: 'spec/few-shot-exceeds-episodes',
    severity: 'warning',
    summary: 'few_shot keeps that many episodes per task; more than the episodes generated has no effect.',
    check(s) {
      return s.datasets().flatMap((d) => {
        const { few_shot: k, episodes: n } = d.value;
        return typeof k === 'number' && typeof n === 'number' && k > n
          ? [
              {
                pointer: `${d.pointer}/few_shot`,
                message: `few_shot ${k} is more than the ${n} episodes per task: nothing is left out; lower few_shot or raise episodes.`,
              },
            ]
          : [];
      });
    },
  },
];
