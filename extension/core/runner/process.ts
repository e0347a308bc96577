/**
 * Processes by identity, not just by pid: a pid plus its start time from /proc/<pid>/stat (field
 * 22, clock ticks since boot) names one process for the life of the machine, so a recycled pid is
 * never mistaken for a run's worker.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** Start time of a live process (string of clock ticks since boot), or null if it is not running. */
export function processStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field 22 (starttime) is rest[19]. A zombie has exited.
  if (rest[0] === 'Z' || rest[0] === 'X') return null;
  return rest[19] ?? null;
}

/** Is the process `pid` alive and the same one that started at `startTime`? */
export function isSameProcessAlive(pid: number | null | undefined, startTime: string | null | undefined): boolean {
  if (pid == null || startTime == null) return false;
  if (!fs.existsSync('/proc/self/stat')) return pidAlive(pid); // no /proc (macOS): best effort
  return processStartTime(pid) === startTime;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Every descendant of `pid` (children, their children, ...) as {pid, start} from /proc — whatever
 * their process group or session: torchrun starts each rank in a session of its own, so a signal to
 * the launcher's group never reaches them, and once the launcher is gone they are init's children
 * and no longer anyone's descendants. Collect them while the tree stands. [] without /proc.
 */
export function processTree(pid: number): { pid: number; start: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const name of names) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const out: { pid: number; start: string }[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    const start = processStartTime(p);
    if (start === null) continue;
    out.push({ pid: p, start });
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Is any process of the group `pgid` alive? */
export function processGroupAlive(pgid: number | null | undefined): boolean {
  if (pgid == null || pgid <= 0) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to a whole process group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The signal's name for a number (9 → SIGKILL), or null. */
export function signalName(sig: number): string | null {
  for (const [name, n] of Object.entries(os.constants.signals)) if (n === sig) return name;
  return null;
}

export function hostName(): string {
  return os.hostname();
}
