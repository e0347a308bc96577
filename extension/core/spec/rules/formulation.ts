/** Policy formulation rules: RoboVLMs' support matrix and the costs of history and chunking. */
import { backboneFacts, CROSS_ATTENTION_BACKBONES } from '../backbones';
import { sequenceLength } from '../cost';
import type { Rule } from './engine';

/** Above this many tokens per sample, interleaving makes attention the dominant cost. */
const INTERLEAVED_TOKEN_BUDGET = 2048;

export const formulationRules: Rule[] = [
  {
    code: 'spec/interleaved-needs-decoder',
    severity: 'error',
    summary:
      'The interleaved formulation needs a decoder-only backbone; cross-attention backbones (tiny-xattn, flamingo-3b) cannot interleave observations and actions.',
    check(s) {
      const id = s.str('/backbone/id');
      if (s.str('/policy/formulation') !== 'interleaved' || !id || !CROSS_ATTENTION_BACKBONES.includes(id)) return [];
      return [
        {
          pointer: '/policy/formulation',
          message: `"interleaved" needs a decoder-only backbone, but ${id} is cross-attention (RoboVLMs has no interleaved Flamingo): use "policy-head" or a decoder-only backbone such as tiny-prefix or kosmos-2.`,
          fixes: [
            {
              title: 'Use the policy-head formulation',
              ops: [{ op: 'set', pointer: '/policy/formulation', value: 'policy-head' }],
              preferred: true,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/discrete-needs-discretization',
    severity: 'error',
    summary: "A discrete action space needs policy.discretization (bins and range of the action tokens), unless its tokens are FAST's.",
    check(s) {
      if (s.str('/policy/action_space') !== 'discrete' || s.has('/policy/discretization') || s.str('/action/tokenizer') === 'fast')
        return [];
      return [
        {
          pointer: '/policy/action_space',
          message:
            'A discrete action space needs "policy.discretization" (how actions are binned into tokens): add {"bins": 256, "min": -1, "max": 1}, or use FAST tokens (action.tokenizer "fast").',
          fixes: [
            {
              title: 'Add discretization (256 bins over [-1, 1])',
              ops: [{ op: 'set', pointer: '/policy/discretization', value: { bins: 256, min: -1, max: 1 } }],
              preferred: true,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/discrete-needs-one-step',
    severity: 'error',
    summary: "Discrete actions only exist with the one-step formulation (RoboVLMs' support matrix).",
    check(s) {
      const f = s.str('/policy/formulation');
      if (s.str('/policy/action_space') !== 'discrete' || !f || f === 'one-step') return [];
      return [
        {
          pointer: '/policy/action_space',
          message: `Discrete actions are only supported with the one-step formulation (RoboVLMs tests discrete only as one-step), not "${f}": use continuous actions or formulation "one-step".`,
          fixes: [
            {
              title: 'Use continuous actions',
              ops: [{ op: 'set', pointer: '/policy/action_space', value: 'continuous' }],
              preferred: true,
            },
            { title: 'Use the one-step formulation', ops: [{ op: 'set', pointer: '/policy/formulation', value: 'one-step' }] },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/discretization-range',
    severity: 'error',
    summary: 'policy.discretization.min must be below max.',
    check(s) {
      const min = s.num('/policy/discretization/min');
      const max = s.num('/policy/discretization/max');
      if (min === undefined || max === undefined || min < max || !s.has('/policy/discretization')) return [];
      return [
        {
          pointer: '/policy/discretization/min',
          message: `policy.discretization.min (${min}) must be below max (${max}): the bins cover [min, max].`,
        },
      ];
    },
  },
  {
    code: 'spec/discretization-unused',
    severity: 'warning',
    summary: 'policy.discretization has no effect with continuous actions.',
    check(s) {
      if (s.str('/policy/action_space') !== 'continuous' || !s.has('/policy/discretization')) return [];
      return [
        {
          pointer: '/policy/discretization',
          target: 'key',
          message: 'policy.discretization is ignored with continuous actions: remove it, or set action_space to "discrete".',
          fixes: [{ title: 'Remove discretization', ops: [{ op: 'remove', pointer: '/policy/discretization' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/history-ignored',
    severity: 'warning',
    summary: 'The one-step formulation sees only the current observation, so history > 1 is ignored.',
    check(s) {
      const h = s.num('/policy/history');
      if (s.str('/policy/formulation') !== 'one-step' || h === undefined || h <= 1) return [];
      return [
        {
          pointer: '/policy/history',
          message: `history ${h} is ignored by the one-step formulation (it sees the current observation only): set history to 1, or use "policy-head" to use the history.`,
          fixes: [
            { title: 'Set history to 1', ops: [{ op: 'set', pointer: '/policy/history', value: 1 }], preferred: true },
            { title: 'Use the policy-head formulation', ops: [{ op: 'set', pointer: '/policy/formulation', value: 'policy-head' }] },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/policy-head-without-history',
    severity: 'info',
    summary: 'policy-head with history 1 has nothing to fuse; RoboVLMs found that history (8–16 steps) helps.',
    check(s) {
      // Only for a policy the user wrote: a spec that leaves the policy to defaults is not nagged.
      if (!s.has('/policy') || s.str('/policy/formulation') !== 'policy-head' || s.num('/policy/history') !== 1) return [];
      return [
        {
          pointer: '/policy/history',
          message:
            'The policy head fuses a history of observations, but history is 1: RoboVLMs found a history of 8–16 steps generalises better (its CALVIN configs use 8 or 16).',
          fixes: [{ title: 'Set history to 8', ops: [{ op: 'set', pointer: '/policy/history', value: 8 }] }],
        },
      ];
    },
  },
  {
    code: 'spec/hf-backbone-frozen',
    severity: 'warning',
    summary: 'An hf: backbone with both towers frozen and no LoRA adapters trains only its projector and the action tokens.',
    check(s) {
      const id = s.str('/backbone/id');
      if (
        !id?.startsWith('hf:') ||
        s.get('/backbone/train/vision') !== false ||
        s.get('/backbone/train/language') !== false ||
        s.get('/backbone/lora/enabled') === true
      )
        return [];
      return [
        {
          pointer: '/backbone/train',
          target: 'key',
          message:
            'Both towers of this hf: backbone are frozen and LoRA is off: only the projector and the [ACT]/action tokens train. Enable LoRA on the language model, or train a tower.',
          fixes: [
            {
              title: 'Enable LoRA on the language model',
              ops: [{ op: 'set', pointer: '/backbone/lora/enabled', value: true }],
              preferred: true,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/sequence-exceeds-positions',
    severity: 'error',
    summary:
      'A built-in backbone has a fixed learned position table (tiny-prefix: 512); a longer sequence stops training at its first step.',
    check(s) {
      const id = s.str('/backbone/id');
      const positions = backboneFacts(id, s.str('/backbone/size'))?.positions;
      const seq = sequenceLength(s.resolved);
      if (!id || id.startsWith('hf:') || CROSS_ATTENTION_BACKBONES.includes(id) || !positions || !seq || seq.longestSequence <= positions)
        return [];
      if (seq.tokenPass === seq.longestSequence) {
        // knowledge insulation's token pass: one frame, the instruction and up to chunk × dim FAST tokens
        return [
          {
            pointer: s.has('/policy/chunk') ? '/policy/chunk' : '/action/knowledge_insulation',
            message: `Knowledge insulation's token pass (~${seq.tokenPass} tokens: a frame, the instruction and up to chunk × dim FAST tokens) exceeds ${id}'s ${positions} learned positions (the trainer stops at the first step): reduce policy.chunk, observation.image_size or cameras.`,
          },
        ];
      }
      return [
        {
          pointer: '/policy/history',
          message: `Sequences of ~${seq.longestSequence} tokens exceed ${id}'s ${positions} learned positions (the trainer stops at the first step): reduce policy.history, observation.image_size or cameras, or use "policy-head".`,
          fixes: [
            {
              title: 'Use the policy-head formulation',
              ops: [{ op: 'set', pointer: '/policy/formulation', value: 'policy-head' }],
              preferred: true,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/interleaved-sequence-length',
    severity: 'warning',
    summary: `Interleaved sequences grow with history × tokens per step; above ${INTERLEAVED_TOKEN_BUDGET} tokens attention dominates time and memory.`,
    check(s) {
      if (s.str('/policy/formulation') !== 'interleaved') return [];
      const seq = sequenceLength(s.resolved);
      if (!seq || seq.tokens <= INTERLEAVED_TOKEN_BUDGET) return [];
      return [
        {
          pointer: '/policy/history',
          message: `Interleaved history ${seq.history} × ~${seq.tokensPerStep} tokens per step ≈ ${seq.tokens} tokens per sample (over ${INTERLEAVED_TOKEN_BUDGET}; attention cost grows quadratically): reduce history, image size or cameras, or use "policy-head".`,
        },
      ];
    },
  },
  {
    code: 'spec/chunk-exceeds-eval-steps',
    severity: 'warning',
    summary: "An action chunk longer than an evaluation's max_steps is never fully executed.",
    check(s) {
      const chunk = s.num('/policy/chunk');
      if (chunk === undefined) return [];
      return s.evals().flatMap((e) => {
        const max = typeof e.value.max_steps === 'number' ? e.value.max_steps : 360;
        return chunk > max
          ? [
              {
                pointer: '/policy/chunk',
                message: `chunk ${chunk} is longer than ${e.pointer.slice(1).replace('/', '[')}].max_steps (${max}): the policy would never execute a whole chunk; lower chunk or raise max_steps.`,
              },
            ]
          : [];
      });
    },
  },
  {
    code: 'spec/chunk-longer-than-history-window',
    severity: 'info',
    summary:
      'Predicting far more future actions than the observed history (chunk > 4 × history, history > 1) is open-loop for long stretches.',
    check(s) {
      const chunk = s.num('/policy/chunk');
      const history = s.num('/policy/history');
      if (chunk === undefined || history === undefined || history <= 1 || chunk <= 4 * history) return [];
      return [
        {
          pointer: '/policy/chunk',
          message: `chunk ${chunk} is more than 4× the history (${history}): the robot acts open-loop for long stretches; RoboVLMs pairs chunk 10 with history 8–16.`,
        },
      ];
    },
  },
  {
    code: 'spec/size-ignored',
    severity: 'info',
    summary: 'backbone.size only applies to built-in backbones.',
    check(s) {
      const id = s.str('/backbone/id');
      if (!s.has('/backbone/size') || !id || backboneFacts(id)?.family === 'builtin' || !backboneFacts(id)) return [];
      return [
        {
          pointer: '/backbone/size',
          message: `backbone.size is ignored for ${id} (a pre-trained backbone has a fixed size): remove it.`,
          fixes: [{ title: 'Remove size', ops: [{ op: 'remove', pointer: '/backbone/size' }], preferred: true }],
        },
      ];
    },
  },
];
