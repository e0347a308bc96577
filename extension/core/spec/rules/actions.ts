/** Action tokenization rules: FAST tokens (Pertsch et al. 2025) and knowledge insulation (Driess et
 *  al. 2025). The built-in trainer refuses the same specs (python/vlalab/trainer/spec.py
 *  check_builtin; the alphabet size is python/vlalab/policy/fast.py's alphabet_size). */
import { GENERATIVE_HEADS } from '../backbones';
import type { Rule, SpecView } from './engine';

/** The integers a chunk can produce at a scale: 2·⌈scale·√chunk⌉ + 1 (fast.py alphabet_size). */
function fastAlphabetSize(chunk: number, scale: number): number {
  return 2 * Math.ceil(scale * Math.sqrt(chunk)) + 1;
}

const discrete = (s: SpecView): boolean => s.str('/policy/action_space') === 'discrete';
const insulated = (s: SpecView): boolean => s.get('/action/knowledge_insulation') === true;
/** Whether the policy predicts FAST tokens: discrete with tokenizer "fast", or knowledge insulation. */
const usesFast = (s: SpecView): boolean => (discrete(s) && s.str('/action/tokenizer') === 'fast') || (!discrete(s) && insulated(s));

export const actionRules: Rule[] = [
  {
    code: 'spec/fast-needs-chunk',
    severity: 'error',
    summary: 'FAST compresses an action chunk over time with a DCT: it needs policy.chunk ≥ 2.',
    check(s) {
      const chunk = s.num('/policy/chunk') ?? 1;
      if (!usesFast(s) || chunk >= 2) return [];
      return [
        {
          pointer: s.has('/policy/chunk') ? '/policy/chunk' : '/policy',
          message: `FAST tokens compress an action chunk over time (a DCT per dimension), but policy.chunk is ${chunk}: predict chunks (π0-FAST uses 1 s of actions; 8 here is a start).`,
          fixes: [{ title: 'Predict chunks of 8', ops: [{ op: 'set', pointer: '/policy/chunk', value: 8 }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/fast-vocab-too-small',
    severity: 'error',
    summary: 'The FAST vocabulary must hold every rounded DCT coefficient a chunk can produce: 2·⌈scale·√chunk⌉ + 1.',
    check(s) {
      const chunk = s.num('/policy/chunk') ?? 1;
      const scale = s.num('/action/fast/scale');
      const vocab = s.num('/action/fast/vocab_size');
      if (!usesFast(s) || chunk < 2 || scale === undefined || vocab === undefined) return [];
      const need = fastAlphabetSize(chunk, scale);
      if (vocab >= need) return [];
      return [
        {
          pointer: s.has('/action/fast/vocab_size') ? '/action/fast/vocab_size' : '/action/fast/scale',
          message: `action.fast.vocab_size ${vocab} is smaller than the ${need} integers a chunk of ${chunk} produces at scale ${scale} (2·⌈scale·√chunk⌉ + 1): raise vocab_size to at least ${need}, or lower scale.`,
          fixes: [
            {
              title: `Use a vocabulary of ${Math.max(need, 1024)}`,
              ops: [{ op: 'set', pointer: '/action/fast/vocab_size', value: Math.max(need, 1024) }],
              preferred: true,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/fast-unused',
    severity: 'warning',
    summary:
      'FAST tokens are what discrete actions or knowledge insulation predict; with continuous actions and no insulation they are never used.',
    check(s) {
      if (usesFast(s)) return [];
      const tokenizer = s.has('/action/tokenizer') && s.str('/action/tokenizer') === 'fast';
      if (!tokenizer && !s.has('/action/fast')) return [];
      return [
        {
          pointer: tokenizer ? '/action/tokenizer' : '/action/fast',
          target: 'key',
          message: `${tokenizer ? 'action.tokenizer "fast"' : 'action.fast'} is ignored here: FAST tokens are predicted with discrete actions (action_space "discrete") or by a knowledge-insulated backbone (knowledge_insulation true).`,
          fixes: [
            {
              title: 'Use discrete actions',
              ops: [
                { op: 'set', pointer: '/policy/action_space', value: 'discrete' },
                { op: 'set', pointer: '/policy/formulation', value: 'one-step' },
              ],
              preferred: tokenizer,
            },
            {
              title: `Remove ${tokenizer ? 'tokenizer' : 'fast'}`,
              ops: [{ op: 'remove', pointer: tokenizer ? '/action/tokenizer' : '/action/fast' }],
              preferred: !tokenizer,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/fast-discretization-unused',
    severity: 'warning',
    summary: 'With FAST tokens policy.discretization (uniform bins) is not used.',
    check(s) {
      if (!discrete(s) || s.str('/action/tokenizer') !== 'fast' || !s.has('/policy/discretization')) return [];
      return [
        {
          pointer: '/policy/discretization',
          target: 'key',
          message:
            'policy.discretization is ignored with action.tokenizer "fast" (FAST replaces the bins with DCT coefficients and BPE): remove it, or use tokenizer "bins".',
          fixes: [{ title: 'Remove discretization', ops: [{ op: 'remove', pointer: '/policy/discretization' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/insulation-needs-expert',
    severity: 'error',
    summary:
      'Knowledge insulation trains a continuous flow or diffusion action expert behind a stop-gradient while the backbone learns FAST tokens.',
    check(s) {
      if (!insulated(s)) return [];
      const head = s.str('/policy/head/type') ?? 'mlp';
      if (!discrete(s) && GENERATIVE_HEADS.includes(head)) return [];
      return [
        {
          pointer: '/action/knowledge_insulation',
          message: discrete(s)
            ? 'knowledge_insulation needs continuous actions (a flow or diffusion expert produces them while the backbone learns FAST tokens): set action_space to "continuous", or use discrete FAST tokens alone (tokenizer "fast").'
            : `knowledge_insulation stops the action expert's gradient at the backbone, which needs a flow or diffusion expert (π0.5), not head "${head}": use head "flow".`,
          fixes: discrete(s)
            ? [
                {
                  title: 'Use continuous actions with a flow expert',
                  ops: [
                    { op: 'set', pointer: '/policy/action_space', value: 'continuous' },
                    { op: 'set', pointer: '/policy/head/type', value: 'flow' },
                  ],
                  preferred: true,
                },
              ]
            : [{ title: 'Use the flow head', ops: [{ op: 'set', pointer: '/policy/head/type', value: 'flow' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/token-weight-unused',
    severity: 'warning',
    summary: "action.token_weight weighs a knowledge-insulated backbone's FAST token loss; without insulation there is none to weigh.",
    check(s) {
      if (!s.has('/action/token_weight') || (insulated(s) && !discrete(s))) return [];
      const expert = !discrete(s) && GENERATIVE_HEADS.includes(s.str('/policy/head/type') ?? 'mlp');
      return [
        {
          pointer: '/action/token_weight',
          target: 'key',
          message: discrete(s)
            ? 'action.token_weight is ignored with discrete actions (the token loss is the only loss): remove it.'
            : 'action.token_weight is ignored here: it weighs the FAST token loss of a knowledge-insulated backbone (knowledge_insulation true).',
          fixes: [
            { title: 'Remove token_weight', ops: [{ op: 'remove', pointer: '/action/token_weight' }], preferred: true },
            ...(!expert
              ? []
              : [
                  {
                    title: 'Turn on knowledge insulation',
                    ops: [{ op: 'set' as const, pointer: '/action/knowledge_insulation', value: true }],
                  },
                ]),
          ],
        },
      ];
    },
  },
  {
    code: 'spec/fast-builtin-only',
    severity: 'error',
    summary: 'FAST tokens and knowledge insulation exist only in the built-in trainer (RoboVLMs bins its discrete actions).',
    check(s) {
      if (s.backend() !== 'robovlms') return [];
      const pointer =
        s.has('/action/knowledge_insulation') && insulated(s)
          ? '/action/knowledge_insulation'
          : s.has('/action/tokenizer') && s.str('/action/tokenizer') === 'fast'
            ? '/action/tokenizer'
            : undefined;
      if (!pointer) return [];
      return [
        {
          pointer,
          message: `${pointer === '/action/tokenizer' ? 'FAST action tokens are' : 'Knowledge insulation is'} built-in only (RoboVLMs bins discrete actions and has no action expert): use the builtin backend, or remove it.`,
          fixes: [
            { title: 'Use the builtin backend', ops: [{ op: 'set', pointer: '/backend', value: 'builtin' }], preferred: true },
            { title: 'Remove it', ops: [{ op: 'remove', pointer }] },
          ],
        },
      ];
    },
  },
];
