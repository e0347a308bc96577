/** Action head and execution rules: what the generative heads need, and which execution strategies
 *  (eval[].execution) make sense for a policy's chunk and head. The trainer checks the same at
 *  evaluation time (python/vlalab/trainer/execution.py). */
import { DIFFUSION_TRAIN_STEPS, GENERATIVE_HEADS } from '../backbones';
import type { Rule, RuleFinding } from './engine';

const chunkOf = (s: { num(p: string): number | undefined }): number => s.num('/policy/chunk') ?? 1;

export const headRules: Rule[] = [
  {
    code: 'spec/generative-head-needs-continuous',
    severity: 'error',
    summary:
      'Flow and diffusion heads sample continuous actions; with discrete actions the LM head decodes bins and the head would never be used.',
    check(s) {
      const head = s.str('/policy/head/type');
      if (!head || !GENERATIVE_HEADS.includes(head) || s.str('/policy/action_space') !== 'discrete') return [];
      return [
        {
          pointer: '/policy/head/type',
          message: `The "${head}" head needs continuous actions (it samples them); with action_space "discrete" the LM head decodes bins instead: set action_space to "continuous".`,
          fixes: [
            {
              title: 'Use continuous actions',
              ops: [{ op: 'set', pointer: '/policy/action_space', value: 'continuous' }],
              preferred: true,
            },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/sample-steps-ignored',
    severity: 'warning',
    summary: 'policy.head.sample_steps only applies to the flow and diffusion heads.',
    check(s) {
      const head = s.str('/policy/head/type') ?? 'mlp';
      if (!s.has('/policy/head/sample_steps') || GENERATIVE_HEADS.includes(head)) return [];
      return [
        {
          pointer: '/policy/head/sample_steps',
          target: 'key',
          message: `sample_steps is ignored by the "${head}" head (it predicts in one pass): remove it, or use head "flow" or "diffusion".`,
          fixes: [{ title: 'Remove sample_steps', ops: [{ op: 'remove', pointer: '/policy/head/sample_steps' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/diffusion-sample-steps',
    severity: 'error',
    summary: `The diffusion head samples with DDIM over its ${DIFFUSION_TRAIN_STEPS} training timesteps: sample_steps cannot exceed them.`,
    check(s) {
      const steps = s.num('/policy/head/sample_steps');
      if (s.str('/policy/head/type') !== 'diffusion' || steps === undefined || steps <= DIFFUSION_TRAIN_STEPS) return [];
      return [
        {
          pointer: '/policy/head/sample_steps',
          message: `sample_steps ${steps} exceeds the diffusion head's ${DIFFUSION_TRAIN_STEPS} training timesteps (DDIM skips through them; 10–20 is typical).`,
          fixes: [
            { title: 'Sample with 10 steps', ops: [{ op: 'set', pointer: '/policy/head/sample_steps', value: 10 }], preferred: true },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/oft-without-l1',
    severity: 'info',
    summary: 'OpenVLA-OFT trains parallel decoding with an L1 loss.',
    check(s) {
      const loss = s.str('/action/arm_loss');
      if (s.str('/policy/head/type') !== 'oft' || !loss || loss === 'l1') return [];
      return [
        {
          pointer: '/policy/head/type',
          message: `The OFT head is trained with "${loss}" here; OpenVLA-OFT trains it with L1 (as good as diffusion in its ablations, and the median rather than the mean of the demonstrations).`,
          fixes: [{ title: 'Use the L1 arm loss', ops: [{ op: 'set', pointer: '/action/arm_loss', value: 'l1' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/execution-needs-chunk',
    severity: 'error',
    summary: 'Temporal ensembling and real-time chunking combine several predicted chunks: they need policy.chunk > 1.',
    check(s) {
      const chunk = chunkOf(s);
      if (chunk > 1) return [];
      return s.evals().flatMap((e): RuleFinding[] => {
        const how = e.value.execution;
        if (how === 'ensemble' || how === 'rtc') {
          return [
            {
              pointer: `${e.pointer}/execution`,
              message: `execution "${how}" combines overlapping action chunks, but policy.chunk is ${chunk}: predict chunks (e.g. chunk 8), or execute "first".`,
              fixes: [
                {
                  title: 'Execute the first action',
                  ops: [{ op: 'set', pointer: `${e.pointer}/execution`, value: 'first' }],
                  preferred: true,
                },
              ],
            },
          ];
        }
        if (how === 'chunk')
          return [
            {
              severity: 'info',
              pointer: `${e.pointer}/execution`,
              message: 'execution "chunk" with policy.chunk 1 is the same as "first" (one action per prediction).',
            },
          ];
        return [];
      });
    },
  },
  {
    code: 'spec/rtc-needs-flow',
    severity: 'error',
    summary: 'Real-time chunking inpaints the next chunk while it is sampled: it needs a flow or diffusion head.',
    check(s) {
      const head = s.str('/policy/head/type') ?? 'mlp';
      const discrete = s.str('/policy/action_space') === 'discrete';
      if (GENERATIVE_HEADS.includes(head) && !discrete) return [];
      return s
        .evals()
        .filter((e) => e.value.execution === 'rtc')
        .map((e) => ({
          pointer: `${e.pointer}/execution`,
          message: `execution "rtc" inpaints the next chunk during sampling, which needs a flow or diffusion head (this policy has ${discrete ? 'discrete actions' : `head "${head}"`}): use head "flow", or execution "ensemble".`,
          fixes: [
            {
              title: 'Use temporal ensembling',
              ops: [{ op: 'set', pointer: `${e.pointer}/execution`, value: 'ensemble' }],
              preferred: true,
            },
          ],
        }));
    },
  },
  {
    code: 'spec/rtc-guidance',
    severity: 'error',
    summary:
      'Guided real-time chunking (rtc_guidance) corrects the flow head\'s velocity while it samples: it needs execution "rtc" and a flow head.',
    check(s) {
      const head = s.str('/policy/head/type') ?? 'mlp';
      return s
        .evals()
        .filter((e) => e.value.rtc_guidance !== undefined)
        .flatMap((e): RuleFinding[] => {
          if (e.value.execution === 'rtc' && head === 'flow' && s.str('/policy/action_space') !== 'discrete') return [];
          return [
            {
              pointer: `${e.pointer}/rtc_guidance`,
              target: 'key',
              message:
                e.value.execution !== 'rtc'
                  ? `rtc_guidance only applies to execution "rtc" (this entry executes "${String(e.value.execution ?? 'first')}"): remove it, or execute "rtc".`
                  : `rtc_guidance (guided inpainting) is implemented for the flow head, not "${head}": remove it (replacement inpainting), or use head "flow".`,
              fixes: [{ title: 'Remove rtc_guidance', ops: [{ op: 'remove', pointer: `${e.pointer}/rtc_guidance` }], preferred: true }],
            },
          ];
        });
    },
  },
  {
    code: 'spec/execution-delay',
    severity: 'error',
    summary:
      'With an inference delay, ensembling needs chunks longer than the delay, and real-time chunking needs delay ≤ rtc_horizon and rtc_horizon + delay ≤ chunk.',
    check(s) {
      const chunk = chunkOf(s);
      return s.evals().flatMap((e): RuleFinding[] => {
        const delay = typeof e.value.delay === 'number' ? e.value.delay : 0;
        if (e.value.execution === 'ensemble' && chunk > 1 && delay >= chunk) {
          return [
            {
              pointer: `${e.pointer}/delay`,
              message: `delay ${delay} ≥ chunk ${chunk}: by the time a chunk arrives none of its actions is still due, so ensembling has nothing to execute; lower the delay or raise policy.chunk.`,
            },
          ];
        }
        if (e.value.execution !== 'rtc' || chunk <= 1) return [];
        const horizon = typeof e.value.rtc_horizon === 'number' ? e.value.rtc_horizon : Math.floor(chunk / 2);
        if (delay <= horizon && horizon + delay <= chunk) return [];
        return [
          {
            pointer: `${e.pointer}/${e.value.rtc_horizon === undefined ? 'delay' : 'rtc_horizon'}`,
            message: `real-time chunking needs delay (${delay}) ≤ rtc_horizon (${horizon}) and rtc_horizon + delay ≤ chunk (${chunk}): the next chunk must arrive before the current one runs out.`,
          },
        ];
      });
    },
  },
  {
    code: 'spec/execution-builtin-only',
    severity: 'warning',
    summary: 'Execution strategies and simulated delay are options of the built-in Playtable evaluator.',
    check(s) {
      return s.evals().flatMap((e): RuleFinding[] => {
        const set = ['execution', 'delay', 'rtc_horizon', 'ensemble_decay', 'rtc_guidance'].filter((k) => s.has(`${e.pointer}/${k}`)); // written, not defaulted
        if (!set.length || (e.value.benchmark === 'playtable' && s.backend() !== 'robovlms')) return [];
        return [
          {
            pointer: `${e.pointer}/${set[0]}`,
            target: 'key',
            message: `${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} ignored here: only the built-in Playtable evaluator executes chunks this way (this entry runs ${String(e.value.benchmark)}${s.backend() === 'robovlms' ? ' on the robovlms backend' : ''}).`,
          },
        ];
      });
    },
  },
];
