/** GPUs, nodes and launchers. */
import type { Rule } from './engine';

export const resourceRules: Rule[] = [
  {
    code: 'spec/torchrun-without-gpus',
    severity: 'warning',
    summary: 'torchrun with gpus 0 and one process starts one CPU process on the gloo backend: it works but gains nothing over local.',
    check(s) {
      if (s.str('/resources/launcher') !== 'torchrun' || (s.num('/resources/gpus') ?? 0) >= 1 || (s.num('/resources/processes') ?? 1) > 1)
        return [];
      return [
        {
          pointer: '/resources/gpus',
          message:
            'torchrun with gpus 0 runs a single CPU process (gloo backend), no faster than "local": set gpus ≥ 1, or processes ≥ 2 for data-parallel training on the CPU, or use the local launcher.',
          fixes: [
            { title: 'Use the local launcher', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'local' }], preferred: true },
            { title: 'Run 2 CPU processes', ops: [{ op: 'set', pointer: '/resources/processes', value: 2 }] },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/processes-unused',
    severity: 'warning',
    summary:
      'resources.processes counts CPU processes: it is ignored with GPUs (one process per GPU) and with the local launcher (one process).',
    check(s) {
      const procs = s.num('/resources/processes');
      if (procs === undefined || procs <= 1) return [];
      const gpus = s.num('/resources/gpus') ?? 0;
      const launcher = s.str('/resources/launcher') ?? 'local';
      if (gpus >= 1) {
        return [
          {
            pointer: '/resources/processes',
            target: 'key',
            message: `processes ${procs} is ignored with gpus ${gpus}: torchrun starts one process per GPU. Remove processes, or set gpus 0 to train on ${procs} CPU processes.`,
            fixes: [{ title: 'Remove processes', ops: [{ op: 'remove', pointer: '/resources/processes' }], preferred: true }],
          },
        ];
      }
      if (launcher === 'local') {
        return [
          {
            pointer: '/resources/processes',
            target: 'key',
            message: `The local launcher runs one process, so processes ${procs} is ignored: use "torchrun" to train on ${procs} CPU processes (DDP, gloo).`,
            fixes: [
              { title: 'Use torchrun', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'torchrun' }], preferred: true },
              { title: 'Remove processes', ops: [{ op: 'remove', pointer: '/resources/processes' }] },
            ],
          },
        ];
      }
      return [];
    },
  },
  {
    code: 'spec/multinode-needs-slurm',
    severity: 'error',
    summary: 'More than one node needs the slurm launcher.',
    check(s) {
      const nodes = s.num('/resources/nodes') ?? 1;
      if (nodes <= 1 || s.str('/resources/launcher') === 'slurm' || s.str('/resources/launcher') === 'hosts') return []; // hosts: one node per host
      return [
        {
          pointer: '/resources/nodes',
          message: `nodes ${nodes} needs the slurm launcher (local and torchrun use this machine only): set "launcher": "slurm" or nodes 1.`,
          fixes: [
            { title: 'Use the slurm launcher', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'slurm' }], preferred: true },
            { title: 'Use one node', ops: [{ op: 'set', pointer: '/resources/nodes', value: 1 }] },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/local-multi-gpu',
    severity: 'warning',
    summary: 'The local launcher runs one process on one GPU; several GPUs need torchrun.',
    check(s) {
      const gpus = s.num('/resources/gpus') ?? 0;
      if (gpus <= 1 || s.str('/resources/launcher') !== 'local') return [];
      return [
        {
          pointer: '/resources/launcher',
          message: `The local launcher uses one process and one GPU, so ${gpus - 1} of the ${gpus} GPUs would idle: use "torchrun" (one process per GPU).`,
          fixes: [{ title: 'Use torchrun', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'torchrun' }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/hosts-launcher-needs-hosts',
    severity: 'error',
    summary: 'The hosts launcher starts torchrun on each host of resources.hosts: it needs that list.',
    check(s) {
      if (s.str('/resources/launcher') !== 'hosts' || s.has('/resources/hosts')) return [];
      return [
        {
          pointer: '/resources/launcher',
          message:
            'The hosts launcher needs resources.hosts, the hosts to run on (the first runs rank 0 and the rendezvous), e.g. "hosts": ["gpu1", "gpu2"].',
          fixes: [
            { title: 'List two hosts', ops: [{ op: 'set', pointer: '/resources/hosts', value: ['host1', 'host2'] }], preferred: true },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/hosts-unused',
    severity: 'warning',
    summary: 'resources.hosts is read only by the hosts launcher.',
    check(s) {
      if (!s.has('/resources/hosts') || s.str('/resources/launcher') === 'hosts') return [];
      return [
        {
          pointer: '/resources/hosts',
          target: 'key',
          message: `resources.hosts is ignored with the ${s.str('/resources/launcher') ?? 'local'} launcher: set "launcher": "hosts" to run on them, or remove the list.`,
          fixes: [
            { title: 'Use the hosts launcher', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'hosts' }], preferred: true },
            { title: 'Remove hosts', ops: [{ op: 'remove', pointer: '/resources/hosts' }] },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/hosts-builtin-only',
    severity: 'error',
    summary: 'The hosts launcher runs the built-in trainer; RoboVLMs runs across machines with the slurm launcher.',
    check(s) {
      if (s.str('/resources/launcher') !== 'hosts' || s.str('/backend') !== 'robovlms') return [];
      return [
        {
          pointer: '/resources/launcher',
          message: 'The hosts launcher runs the built-in trainer only: run RoboVLMs across machines with "launcher": "slurm".',
          fixes: [
            { title: 'Use the slurm launcher', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'slurm' }], preferred: true },
          ],
        },
      ];
    },
  },
  {
    code: 'spec/slurm-options-unused',
    severity: 'warning',
    summary: 'resources.slurm is ignored unless the launcher is slurm.',
    check(s) {
      if (!s.has('/resources/slurm') || s.str('/resources/launcher') === 'slurm') return [];
      return [
        {
          pointer: '/resources/slurm',
          target: 'key',
          message: `resources.slurm is ignored with the ${s.str('/resources/launcher') ?? 'local'} launcher: set "launcher": "slurm" or remove the slurm options.`,
          fixes: [
            { title: 'Use the slurm launcher', ops: [{ op: 'set', pointer: '/resources/launcher', value: 'slurm' }], preferred: true },
            { title: 'Remove the slurm options', ops: [{ op: 'remove', pointer: '/resources/slurm' }] },
          ],
        },
      ];
    },
  },
];
