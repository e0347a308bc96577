/** Backend capability rules: what the built-in trainer and RoboVLMs can each run. */
import { backboneFacts } from '../backbones';
import type { Rule, RuleFinding } from './engine';

const useBuiltin = { title: 'Use the builtin backend', ops: [{ op: 'set' as const, pointer: '/backend', value: 'builtin' }] };
const useRoboVLMs = { title: 'Use the robovlms backend', ops: [{ op: 'set' as const, pointer: '/backend', value: 'robovlms' }] };

/** Heads of the built-in trainer that RoboVLMs lacks, with what RoboVLMs lacks. */
const BUILTIN_ONLY_HEADS: Record<string, string> = {
  moe: 'mixture-of-experts decoder',
  flow: 'flow-matching action expert',
  oft: 'parallel-decoding (OFT) head',
};

export const backendRules: Rule[] = [
  {
    code: 'spec/head-builtin-only',
    severity: 'error',
    summary:
      'The mixture-of-experts, flow and OFT heads exist only in the built-in trainer (RoboVLMs has MLP, LSTM, GPT and discrete decoders).',
    check(s) {
      const head = s.str('/policy/head/type');
      if (!head || !BUILTIN_ONLY_HEADS[head] || s.backend() !== 'robovlms') return [];
      return [
        {
          pointer: '/policy/head/type',
          message: `The "${head}" head is built-in only (RoboVLMs has no ${BUILTIN_ONLY_HEADS[head]}): use head "lstm", "gpt" or "mlp", or the builtin backend.`,
          fixes: [
            { title: 'Use the LSTM head', ops: [{ op: 'set', pointer: '/policy/head/type', value: 'lstm' }], preferred: true },
            useBuiltin,
          ],
        },
      ];
    },
  },
  {
    code: 'spec/backbone-builtin-only',
    severity: 'error',
    summary: 'tiny-* backbones exist only in the built-in trainer.',
    check(s) {
      const id = s.str('/backbone/id');
      if (s.backend() !== 'robovlms' || backboneFacts(id)?.family !== 'builtin') return [];
      return [
        {
          pointer: '/backbone/id',
          message: `${id} is a built-in backbone that RoboVLMs cannot load: use a RoboVLMs backbone (kosmos-2, paligemma-3b, …) or the builtin backend.`,
          fixes: [{ ...useBuiltin, preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/backbone-needs-robovlms',
    severity: 'error',
    summary:
      'RoboVLMs backbones (kosmos-2, paligemma-3b, …) need backend "robovlms"; the built-in trainer loads pre-trained VLMs only through an hf: local path.',
    check(s) {
      const id = s.str('/backbone/id');
      if (s.backend() !== 'builtin' || backboneFacts(id)?.family !== 'robovlms') return [];
      return [
        {
          pointer: '/backbone/id',
          message: `${id} runs on the RoboVLMs backend: set "backend": "robovlms", use a built-in backbone (tiny-prefix, tiny-xattn), or "hf:<local dir>" for the built-in trainer.`,
          fixes: [
            { ...useRoboVLMs, preferred: true },
            { title: 'Use the built-in tiny-prefix backbone', ops: [{ op: 'set', pointer: '/backbone/id', value: 'tiny-prefix' }] },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/robovlms-needs-path',
    severity: 'error',
    summary:
      'The robovlms backend needs backbone.path: RoboVLMs reads vlm.pretrained_model_name_or_path as a local directory with config.json.',
    check(s) {
      if (
        s.backend() !== 'robovlms' ||
        s.str('/backbone/path') !== undefined ||
        backboneFacts(s.str('/backbone/id'))?.family !== 'robovlms'
      )
        return [];
      return [
        {
          pointer: '/backbone',
          target: 'key',
          message:
            'The robovlms backend needs "backbone.path": RoboVLMs loads the VLM from a local directory holding config.json and the weights (vlm.pretrained_model_name_or_path); download it there and set the path.',
        },
      ];
    },
  },
  {
    code: 'spec/dataset-backend',
    severity: 'error',
    summary:
      'Playtable data is generated, and LeRobot and RLDS data read, by the built-in trainer only; OXE data is read through RoboVLMs only.',
    check(s) {
      const out: RuleFinding[] = [];
      for (const d of s.datasets()) {
        if (d.value.type === 'playtable' && s.backend() === 'robovlms') {
          out.push({
            pointer: `${d.pointer}/type`,
            message:
              'Playtable datasets only work with the builtin backend (RoboVLMs reads CALVIN or OXE data): use a "calvin" dataset or the builtin backend.',
            fixes: [useBuiltin],
          });
        }
        if (d.value.type === 'lerobot' && s.backend() === 'robovlms') {
          out.push({
            pointer: `${d.pointer}/type`,
            message: 'LeRobot datasets are read by the built-in trainer (RoboVLMs reads CALVIN or OXE data): use the builtin backend.',
            fixes: [useBuiltin],
          });
        }
        if (d.value.type === 'rlds' && s.backend() === 'robovlms') {
          out.push({
            pointer: `${d.pointer}/type`,
            message:
              'RLDS datasets are read by the built-in trainer; with RoboVLMs use an "oxe" dataset (its OpenVLADataset reads RLDS through TensorFlow).',
            fixes: [useBuiltin, { title: 'Use an "oxe" dataset', ops: [{ op: 'set', pointer: `${d.pointer}/type`, value: 'oxe' }] }],
          });
        }
        if (d.value.type === 'oxe' && s.backend() === 'builtin') {
          out.push({
            pointer: `${d.pointer}/type`,
            message:
              'OXE datasets are read through RoboVLMs\' OpenVLADataset: set "backend": "robovlms", or use playtable embodiments for cross-embodiment data with the built-in trainer.',
            fixes: [useRoboVLMs],
          });
        }
      }
      return out;
    },
  },
  {
    code: 'spec/eval-backend',
    severity: 'error',
    summary: 'Playtable evaluation runs in the built-in evaluator only; CALVIN and SimplerEnv evaluation need the robovlms backend.',
    check(s) {
      const out: RuleFinding[] = [];
      for (const e of s.evals()) {
        const b = e.value.benchmark;
        if (b === 'playtable' && s.backend() === 'robovlms') {
          out.push({
            pointer: `${e.pointer}/benchmark`,
            message: 'Playtable evaluation needs the builtin backend: evaluate RoboVLMs policies on "calvin" or "simpler".',
            fixes: [{ title: 'Evaluate on CALVIN', ops: [{ op: 'set', pointer: `${e.pointer}/benchmark`, value: 'calvin' }] }],
          });
        }
        if ((b === 'calvin' || b === 'simpler') && s.backend() === 'builtin') {
          out.push({
            pointer: `${e.pointer}/benchmark`,
            message: `${b === 'calvin' ? 'CALVIN' : 'SimplerEnv'} evaluation runs through RoboVLMs: set "backend": "robovlms", or evaluate on "playtable" (CALVIN-style chains, built in).`,
            fixes: [
              {
                title: 'Evaluate on Playtable',
                ops: [{ op: 'set', pointer: `${e.pointer}/benchmark`, value: 'playtable' }],
                preferred: true,
              },
            ],
          });
        }
      }
      return out;
    },
  },
  {
    code: 'spec/robovlms-num-workers',
    severity: 'error',
    summary:
      'RoboVLMs needs at least one data-loader worker: its DataLoader always sets prefetch_factor, which torch refuses with num_workers 0.',
    check(s) {
      // Only as written: the schema's default 0 (the built-in trainer's) keeps RoboVLMs' template value.
      if (s.backend() !== 'robovlms' || !s.has('/train/num_workers') || s.num('/train/num_workers') !== 0) return [];
      return [
        {
          pointer: '/train/num_workers',
          message:
            'RoboVLMs cannot load data with "num_workers": 0: its DataLoader always passes prefetch_factor=3, and torch stops with "prefetch_factor option could only be specified in multiprocessing"; use 1 or more.',
          fixes: [{ title: 'Use one worker', ops: [{ op: 'set', pointer: '/train/num_workers', value: 1 }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/compile-builtin-only',
    severity: 'warning',
    summary: 'train.compile switches on torch.compile in the built-in trainer; RoboVLMs has no such option and ignores it.',
    check(s) {
      if (s.backend() !== 'robovlms' || s.get('/train/compile') !== true) return [];
      return [
        {
          pointer: '/train/compile',
          message:
            'RoboVLMs does not compile its model, so "train.compile" has no effect on the robovlms backend: remove it, or train with the builtin backend.',
          fixes: [{ title: 'Remove compile', ops: [{ op: 'remove', pointer: '/train/compile' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/word-dropout-builtin-only',
    severity: 'warning',
    summary: 'train.word_dropout is an augmentation of the built-in trainer; RoboVLMs has no such option and ignores it.',
    check(s) {
      if (s.backend() !== 'robovlms' || !s.num('/train/word_dropout')) return [];
      return [
        {
          pointer: '/train/word_dropout',
          message:
            'RoboVLMs has no instruction word dropout, so "train.word_dropout" has no effect on the robovlms backend: remove it, or train with the builtin backend.',
          fixes: [{ title: 'Remove word_dropout', ops: [{ op: 'remove', pointer: '/train/word_dropout' }], preferred: true }],
        },
      ];
    },
  },
];
