/**
 * GPU discovery through nvidia-smi (argv, no shell). No nvidia-smi, or one that fails, means a
 * CPU-only machine: an empty list.
 */
import { spawnSync } from 'node:child_process';

export interface GpuInfo {
  index: number;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  utilizationPct: number | null;
}

export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total,memory.used,utilization.gpu', '--format=csv,noheader,nounits'];

function num(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (t === '' || /^\[?N\/A\]?$/i.test(t) || /not supported/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu
 * --format=csv,noheader,nounits`. Names may contain commas only in theory (NVIDIA's never do),
 * so the name is everything between the first field and the last three.
 */
export function parseNvidiaSmi(text: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const f = line.split(',');
    if (f.length < 5) continue;
    const index = num(f[0]);
    if (index === null || !Number.isInteger(index) || index < 0) continue;
    const tail = f.slice(-3);
    gpus.push({
      index,
      name: f.slice(1, -3).join(',').trim(),
      memoryTotalMiB: num(tail[0]) ?? 0,
      memoryUsedMiB: num(tail[1]) ?? 0,
      utilizationPct: num(tail[2]),
    });
  }
  return gpus.sort((a, b) => a.index - b.index);
}

export type CommandRunner = (cmd: string, args: string[]) => { status: number | null; stdout: string; stderr: string; error?: Error };

const spawnRunner: CommandRunner = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', shell: false, timeout: 15_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
};

/** The machine's GPUs (empty on a CPU-only machine). `VLA_LAB_NVIDIA_SMI` names another binary (tests). */
export function queryGpus(run: CommandRunner = spawnRunner, env: NodeJS.ProcessEnv = process.env): GpuInfo[] {
  const bin = env.VLA_LAB_NVIDIA_SMI || 'nvidia-smi';
  const r = run(bin, NVIDIA_SMI_ARGS);
  if (r.error || r.status !== 0) return [];
  return parseNvidiaSmi(r.stdout);
}
