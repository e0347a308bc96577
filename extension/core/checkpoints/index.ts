/**
 * A run's checkpoints on disk (what `vla-lab show` reports as disk use) and the pins that keep
 * them. Which checkpoints a run keeps, their metrics (checkpoints/index.json) and picking one by
 * metric are the trainer's (python/vlalab/trainer/retention.py); `vla-lab checkpoints` asks it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkpointStep, RUN_FILES } from '../runner/paths';

/** checkpoints/<name>.pin: a user's pin (retention.py's PIN). */
export const PIN_SUFFIX = '.pin';

export interface CheckpointFile {
  name: string;
  step: number;
  bytes: number;
  pinned: boolean;
}

export interface CheckpointDiskUse {
  files: CheckpointFile[];
  count: number;
  bytes: number;
}

export function checkpointDiskUse(runDir: string): CheckpointDiskUse {
  const dir = path.join(runDir, RUN_FILES.checkpoints);
  let names: string[] = [];
  try { names = fs.readdirSync(dir); } catch { /* no checkpoints yet */ }
  const present = new Set(names);
  const files: CheckpointFile[] = [];
  for (const name of names) {
    const step = checkpointStep(name);
    if (step === undefined) continue;
    try {
      const st = fs.lstatSync(path.join(dir, name));
      if (st.isFile()) files.push({ name, step, bytes: st.size, pinned: present.has(name + PIN_SUFFIX) });
    } catch { /* deleted meanwhile */ }
  }
  files.push(...roboVLMsCheckpointFiles(runDir));
  files.sort((a, b) => a.step - b.step);
  return { files, count: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}

function treeBytes(p: string): number {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  return fs.readdirSync(p).reduce((n, e) => n + treeBytes(path.join(p, e)), 0);
}

/**
 * RoboVLMs' own checkpoints (backend robovlms): Lightning's `epoch=E-step=S.ckpt` under
 * robovlms/checkpoints/…/<exp_name>/, a file, or a directory under DeepSpeed (its size summed).
 * RoboVLMs keeps every one (save_top_k=-1); nothing pins or prunes them.
 */
export function roboVLMsCheckpointFiles(runDir: string): CheckpointFile[] {
  const out: CheckpointFile[] = [];
  const visit = (d: string, depth: number) => {
    let entries: fs.Dirent[] = [];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      const m = /step=(\d+)/.exec(e.name);
      if (e.name.endsWith('.ckpt') && m) {
        try { out.push({ name: e.name, step: Number(m[1]), bytes: treeBytes(p), pinned: false }); } catch { /* deleted meanwhile */ }
      } else if (e.isDirectory() && depth < 6) visit(p, depth + 1);
    }
  };
  visit(path.join(runDir, 'robovlms', 'checkpoints'), 0);
  return out;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
