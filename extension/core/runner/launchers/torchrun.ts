/**
 * The `torchrun` launcher: one node, one process per GPU (DDP), through the chosen interpreter's
 * own torchrun (`python -m torch.distributed.run`, so no `torchrun` script has to be on PATH).
 * Also the RoboVLMs launch line of its scripts/run.sh.
 */
import * as net from 'node:net';
import { vlalabModuleArgs, type VlalabArgs } from './local';

export function torchrunArgv(python: string, nproc: number, a: VlalabArgs): string[] {
  const moduleArgs = vlalabModuleArgs(a); // ['-m', 'vlalab', …]
  return [python, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', String(Math.max(1, nproc)), ...moduleArgs];
}

export interface RoboVLMsLaunch {
  python: string;
  nodes: number;
  gpus: number;
  masterPort: number;
  runId: string;
  /** Compiled config (absolute path). */
  config: string;
}

/** RoboVLMs' scripts/run.sh line, as argv: torchrun … main.py --exp_name <id> <config> --gpus G --num_nodes N. */
export function roboVLMsArgv(l: RoboVLMsLaunch): string[] {
  const g = String(Math.max(1, l.gpus));
  const n = String(Math.max(1, l.nodes));
  return [
    l.python, '-m', 'torch.distributed.run',
    '--nnodes', n, '--node_rank', '0', '--nproc_per_node', g,
    '--master_addr', '127.0.0.1', '--master_port', String(l.masterPort),
    'main.py', '--exp_name', l.runId, l.config, '--gpus', g, '--num_nodes', n,
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
