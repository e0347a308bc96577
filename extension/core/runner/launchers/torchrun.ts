/**
 * The `torchrun` launcher: one node, one process per GPU — or, on the CPU, `resources.processes`
 * processes on the gloo backend — through the chosen interpreter's own torchrun. Also the RoboVLMs
 * launch line of its scripts/run.sh, and the Slurm script's `srun … torchrun` line.
 *
 * torchrun is started as `<python> <extension>/python/vlalab/torchrun.py …`, not `python -m
 * torch.distributed.run`: that file is torch.distributed.run's main behind a fix for torch builds
 * whose launcher dies on Python 3.11 (Debian's torch 1.13: `Std.from_str("0")` returns None), and
 * a pass-through on the others. It imports nothing of VLA Lab, so any interpreter with torch can
 * run it (RoboVLMs' as well). No `torchrun` script has to be on PATH.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { vlalabModuleArgs, type VlalabArgs } from './local';

/** The compat entry point inside an extension root (a folder holding VLA Lab's package.json). */
export function torchrunScript(extRoot: string): string {
  return path.join(extRoot, 'python', 'vlalab', 'torchrun.py');
}

/** `<python> <extension>/python/vlalab/torchrun.py`: what goes before torchrun's own arguments. */
export function torchrunCommand(python: string, extRoot: string): string[] {
  return [python, torchrunScript(extRoot)];
}

export interface TorchrunLaunch {
  python: string;
  extRoot: string;
  /** Processes on this node: one per GPU, or resources.processes on the CPU. */
  nproc: number;
  /** A free port on 127.0.0.1 for the rendezvous (freePort()): runs at once never share one. */
  masterPort: number;
}

/**
 * `python -m vlalab …` under torchrun on this machine. The rendezvous is the static one on
 * 127.0.0.1 at a port free right now (not --standalone, whose fixed port 29400 on torch 1.13 would
 * let two runs started together meet each other).
 */
export function torchrunArgv(l: TorchrunLaunch, a: VlalabArgs): string[] {
  return [
    ...torchrunCommand(l.python, l.extRoot),
    '--nnodes',
    '1',
    '--node_rank',
    '0',
    '--nproc_per_node',
    String(Math.max(1, Math.floor(l.nproc))),
    '--master_addr',
    '127.0.0.1',
    '--master_port',
    String(l.masterPort),
    ...vlalabModuleArgs(a), // ['-m', 'vlalab', …]
  ];
}

export interface RoboVLMsLaunch {
  python: string;
  /** VLA Lab's extension root (for the torchrun entry point). */
  extRoot: string;
  nodes: number;
  gpus: number;
  masterPort: number;
  runId: string;
  /** Compiled config (absolute path). */
  config: string;
  /** No GPU: main.py runs through python/vlalab/robovlms_cpu.py (gloo instead of nccl, `.cuda()` a no-op). */
  cpu?: boolean;
}

/** The CPU entry point inside an extension root: runs RoboVLMs' main.py without CUDA. */
function roboVLMsCpuScript(extRoot: string): string {
  return path.join(extRoot, 'python', 'vlalab', 'robovlms_cpu.py');
}

/**
 * What torchrun starts in each process: main.py --exp_name <id> <config> --gpus G --num_nodes N, and
 * on the CPU <extension>/python/vlalab/robovlms_cpu.py before main.py. main.py's --gpus is
 * Lightning's devices per node, so it equals torchrun's --nproc_per_node: GPUs, or on the CPU
 * (trainer.accelerator "cpu") processes. Also the program of the Slurm script's srun line.
 */
export function roboVLMsProgram(l: Pick<RoboVLMsLaunch, 'extRoot' | 'nodes' | 'gpus' | 'runId' | 'config' | 'cpu'>): string[] {
  return [
    ...(l.cpu ? [roboVLMsCpuScript(l.extRoot)] : []),
    'main.py',
    '--exp_name',
    l.runId,
    l.config,
    '--gpus',
    String(Math.max(1, l.gpus)),
    '--num_nodes',
    String(Math.max(1, l.nodes)),
  ];
}

/**
 * RoboVLMs' scripts/run.sh line, as argv: torchrun … main.py --exp_name <id> <config> --gpus G --num_nodes N
 * (on the CPU: torchrun … <extension>/python/vlalab/robovlms_cpu.py main.py …, G = 1 process).
 */
export function roboVLMsArgv(l: RoboVLMsLaunch): string[] {
  return [
    ...torchrunCommand(l.python, l.extRoot),
    '--nnodes',
    String(Math.max(1, l.nodes)),
    '--node_rank',
    '0',
    '--nproc_per_node',
    String(Math.max(1, l.gpus)),
    '--master_addr',
    '127.0.0.1',
    '--master_port',
    String(l.masterPort),
    ...roboVLMsProgram(l),
  ];
}

/** A TCP port free right now on 127.0.0.1 (for torchrun's rendezvous). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
