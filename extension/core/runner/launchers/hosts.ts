/**
 * The `hosts` launcher: one torchrun node on every host of `resources.hosts` (node rank = position,
 * static rendezvous on the first host, which runs rank 0), each started through the user's
 * remote-launch command and VLA Lab's host agent (python/vlalab/hostagent.py: stops the run on its
 * host on request or when the supervisor's connection closes, and reports how torchrun ended).
 *
 * The remote-launch command is an argv template from the user's environment (VLA_LAB_REMOTE_LAUNCH,
 * a JSON array), never from the spec or the run folder, which travel: it names a program to run.
 * Its elements are used as they are except two placeholders, each a whole element:
 *   {host}     the host's name (required, once);
 *   {command}  the host's command as ONE string, each word quoted for a POSIX shell — for ssh, which
 *              hands its command to the remote shell. Without {command} the command's words are
 *              appended as separate arguments (launchers that exec an argv: `ip netns exec {host}`).
 * Host names pass one rule (the schema's definitions.hostName) before they reach any command.
 */
import schema from '../../../../schemas/experiment.schema.json';
import { UserError } from '../../errors';
import { shq } from './slurm';
import { torchrunCommand } from './torchrun';
import * as path from 'node:path';

/** The one rule for a host name (or address) handed to a remote-launch command. */
export const HOST_NAME_RULE = new RegExp(schema.definitions.hostName.pattern);

export const DEFAULT_REMOTE_LAUNCH: readonly string[] = Object.freeze([
  'ssh',
  '-o',
  'BatchMode=yes',
  '-o',
  'ServerAliveInterval=5',
  '-o',
  'ServerAliveCountMax=3',
  '--',
  '{host}',
  '{command}',
]);

const REMOTE_LAUNCH_ENV = 'VLA_LAB_REMOTE_LAUNCH';

export interface HostEntry {
  /** What the remote-launch command gets for {host}. */
  name: string;
  /** Where the other hosts reach this one: the rendezvous endpoint (first host) and gloo's interface. */
  address: string;
  /** True when `address` was given in the spec (not derived from the name). */
  addressGiven: boolean;
}

function checkHostName(value: unknown, where: string): string {
  if (typeof value !== 'string' || !HOST_NAME_RULE.test(value)) {
    throw new UserError(
      `${where} ${JSON.stringify(value)} is not a host name: use letters, digits, '_', '.', '@' and '-', not starting with '-' (${HOST_NAME_RULE.source})`,
    );
  }
  return value;
}

/** resources.hosts → the hosts, checked (a name or {name, address}; `user@host` reaches `host`). */
export function parseHosts(raw: unknown): HostEntry[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new UserError('the hosts launcher needs resources.hosts: a list of host names (the first runs rank 0)');
  const out = raw.map((h, i): HostEntry => {
    const where = `resources.hosts[${i}]`;
    if (typeof h === 'string') {
      const name = checkHostName(h, where);
      return { name, address: name.slice(name.lastIndexOf('@') + 1), addressGiven: false };
    }
    if (!h || typeof h !== 'object' || Array.isArray(h)) throw new UserError(`${where} must be a host name or {"name": …, "address": …}`);
    const o = h as { name?: unknown; address?: unknown };
    const name = checkHostName(o.name, `${where}.name`);
    if (o.address === undefined) return { name, address: name.slice(name.lastIndexOf('@') + 1), addressGiven: false };
    const address = checkHostName(o.address, `${where}.address`);
    if (address.includes('@')) throw new UserError(`${where}.address ${JSON.stringify(address)} is an address, without user@`);
    return { name, address, addressGiven: true };
  });
  for (const [i, h] of out.entries()) {
    if (!h.address || h.address.startsWith('-'))
      throw new UserError(`resources.hosts[${i}] ${JSON.stringify(h.name)} names no host after '@'`);
  }
  const seen = new Set<string>();
  for (const h of out) {
    if (seen.has(h.name)) throw new UserError(`resources.hosts names ${h.name} twice: one torchrun node per host`);
    seen.add(h.name);
  }
  return out;
}

/** The remote-launch template from the environment (VLA_LAB_REMOTE_LAUNCH), or ssh's. */
export function remoteLaunchTemplate(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[REMOTE_LAUNCH_ENV];
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_REMOTE_LAUNCH];
  let t: unknown;
  try {
    t = JSON.parse(raw);
  } catch {
    throw new UserError(
      `${REMOTE_LAUNCH_ENV} must be a JSON array of strings, e.g. '["ssh", "{host}", "{command}"]' or '["ip", "netns", "exec", "{host}"]'`,
    );
  }
  if (!Array.isArray(t) || t.length === 0 || !t.every((x) => typeof x === 'string' && x.length > 0)) {
    throw new UserError(`${REMOTE_LAUNCH_ENV} must be a non-empty JSON array of non-empty strings (an argv; no shell runs it)`);
  }
  const words = t as string[];
  const partial = words.find((w) => w !== '{host}' && w !== '{command}' && /\{(host|command)\}/.test(w));
  if (partial)
    throw new UserError(
      `${REMOTE_LAUNCH_ENV}: ${JSON.stringify(partial)} — {host} and {command} stand only as whole elements (write user@host in resources.hosts)`,
    );
  if (words.filter((w) => w === '{host}').length !== 1)
    throw new UserError(`${REMOTE_LAUNCH_ENV} must contain "{host}" once, as a whole element`);
  if (words.filter((w) => w === '{command}').length > 1) throw new UserError(`${REMOTE_LAUNCH_ENV} may contain "{command}" once`);
  return words;
}

/** The template with {host} and the command filled in (see the header). */
export function remoteArgv(template: readonly string[], host: string, command: readonly string[]): string[] {
  checkHostName(host, 'host');
  const quoted = command.map(shq).join(' ');
  const out = template.map((w) => (w === '{host}' ? host : w === '{command}' ? quoted : w));
  return template.includes('{command}') ? out : [...out, ...command];
}

/** The host agent inside an extension root. */
function hostAgentScript(extRoot: string): string {
  return path.join(extRoot, 'python', 'vlalab', 'hostagent.py');
}

/**
 * Variables of the supervisor's environment that travel to every host (ssh does not pass them).
 * They travel on the command line (and so into run.json's argv and the remote `ps`): never a name
 * that could hold a secret (HF_TOKEN, …).
 */
const FORWARDED =
  /^(VLA_LAB_(DIST_TIMEOUT_S|THREADS|DEBUG)|OMP_NUM_THREADS|OPENBLAS_NUM_THREADS|MKL_NUM_THREADS|(NCCL|GLOO|TORCH)_[A-Z0-9_]+|HF_HOME|HF_HUB_OFFLINE|HF_DATASETS_OFFLINE|TRANSFORMERS_OFFLINE)$/;
const SECRET = /TOKEN|KEY|SECRET|PASS|CRED|AUTH/i;
export const FORWARDED_ENV = { test: (name: string): boolean => FORWARDED.test(name) && !SECRET.test(name) };

export interface HostsLaunch {
  python: string;
  extRoot: string;
  hosts: HostEntry[];
  /** Processes per host (one per GPU, or resources.processes on the CPU). */
  nproc: number;
  /** The rendezvous port on the first host; null on the first host's own command: its agent picks one free there (--pick-port). */
  port: number | null;
  /** Environment for the trainer on every host (the run's own, plus FORWARDED_ENV from the supervisor's). */
  env: Record<string, string>;
  cwd: string;
  /** The token the agent's exit line starts with. */
  report: string;
  /** Seconds between SIGTERM and SIGKILL on a host. */
  graceS: number;
  /** After the interpreter: `-m vlalab train …`. */
  programArgs: string[];
}

/** The ranks node `i` runs (static rendezvous: node rank × processes per node + local rank). */
export function ranksOf(i: number, nproc: number): number[] {
  return Array.from({ length: nproc }, (_, k) => i * nproc + k);
}

/**
 * Host i's command (what runs on the host): the agent, then torchrun for node rank i. With `port`
 * null (the first host only) the agent picks the rendezvous port free on its host, says which, and
 * hands it to torchrun; the supervisor then launches the other hosts with that port.
 */
export function hostCommand(l: HostsLaunch, i: number): string[] {
  const h = l.hosts[i];
  if (l.port === null && i !== 0) throw new Error('only the first host picks the rendezvous port');
  for (const k of Object.keys(l.env))
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new UserError(`invalid environment variable name ${JSON.stringify(k)}`);
  return [
    l.python,
    hostAgentScript(l.extRoot),
    '--report',
    l.report,
    '--grace',
    String(l.graceS),
    '--cwd',
    l.cwd,
    ...Object.entries(l.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...(h.addressGiven ? ['--local-addr', h.address] : []),
    ...(l.port === null ? ['--pick-port'] : []),
    '--',
    ...torchrunCommand(l.python, l.extRoot),
    '--nnodes',
    String(l.hosts.length),
    '--node_rank',
    String(i),
    '--nproc_per_node',
    String(Math.max(1, Math.floor(l.nproc))),
    '--master_addr',
    l.hosts[0].address,
    ...(l.port === null ? [] : ['--master_port', String(l.port)]),
    ...l.programArgs,
  ];
}

export interface HostEnd {
  name: string;
  ranks: number[];
  /** The agent's exit line was read: the host was reachable to the end. */
  reported: boolean;
  code: number | null;
  signal: string | null;
  /** The last lines host i wrote on stderr. */
  stderrTail: string[];
  /** When its remote-launch process ended (ms). */
  endedAt: number;
  /** The remote-launch process could not be started (ENOENT …). */
  spawnError?: string;
  /** The agent's word on the interface the other hosts reach this one on, when the spec gave its address. */
  link?: 'up' | 'down' | 'no-carrier' | null;
  ifname?: string | null;
}

/** Why one host's part failed, from what it printed (the trainer's own line, torchrun's summary). */
export function hostReason(h: HostEnd): string {
  if (h.spawnError) return h.spawnError;
  const text = h.stderrTail.join('\n');
  const own = [...h.stderrTail].reverse().find((l) => l.includes('vlalab: run failed: '));
  if (own) return own.slice(own.indexOf('vlalab: run failed: ') + 'vlalab: run failed: '.length).trim();
  const sig = /Signal \d+ \((SIG[A-Z0-9]+)\) received by PID/.exec(text);
  if (sig) return `its trainer was killed by ${sig[1]}`;
  const ex = /exitcode\s*:\s*(-?\d+)/.exec(text);
  if (ex) return Number(ex[1]) < 0 ? `its trainer was killed by signal ${-Number(ex[1])}` : `its trainer exited with code ${ex[1]}`;
  const last = [...h.stderrTail].reverse().find((l) => l.trim() && !/^\s*(File |\^|~|=+$|-+$)/.test(l));
  if (!h.reported)
    return `its processes ended without reporting (their remote-launch process ${h.signal ? `was killed by ${h.signal}` : `exited with ${h.code}`}): they were killed, the host went down, or the connection to it broke`;
  return `exit ${h.signal ?? h.code}${last ? `: ${last.trim().slice(0, 200)}` : ''}`;
}

const LOST_CONTACT = 'lost contact with another rank';

/**
 * The run's error when it did not complete: the host that went first, named. A host that never
 * reported (lost) is the cause before one that reported a failure; among failures, one whose
 * trainer did not merely lose contact with the others. When every failed host only lost contact,
 * the network between them failed (each side sees the other go).
 */
export function describeHostsFailure(
  ends: HostEnd[],
  lastCheckpoint: number | null,
): { error: string; error_kind: 'signal' | 'exception' | 'launch'; host: string | null } {
  const who = (h: HostEnd) => `host ${h.name} (rank${h.ranks.length > 1 ? 's' : ''} ${h.ranks.join(', ')})`;
  const resume =
    lastCheckpoint !== null
      ? `; resume continues from the last checkpoint (step ${lastCheckpoint})`
      : '; no checkpoint was written yet: resume starts from the beginning';
  const byTime = [...ends].sort((a, b) => a.endedAt - b.endedAt);
  const spawn = byTime.find((h) => h.spawnError);
  if (spawn) return { error: `could not reach ${who(spawn)}: ${spawn.spawnError}`, error_kind: 'launch', host: spawn.name };
  const lost = byTime.find((h) => !h.reported);
  if (lost) return { error: `lost ${who(lost)}: ${hostReason(lost)}${resume}`, error_kind: 'signal', host: lost.name };
  const failed = byTime.filter((h) => h.code !== 0 || h.signal);
  // A host whose own interface was taken down, then one whose interface lost its carrier (on a
  // direct link the far end loses it too, so "down" is the surer sign), is the one cut off.
  const cut =
    failed.find((h) => h.link === 'down') ??
    (failed.some((h) => h.link === 'up') ? failed.find((h) => h.link === 'no-carrier') : undefined);
  if (cut) {
    return {
      error: `${who(cut)} lost its network: its interface${cut.ifname ? ` ${cut.ifname}` : ''} ${cut.link === 'down' ? 'went down' : 'lost its carrier'}, and the ranks lost contact with each other${resume}`,
      error_kind: 'exception',
      host: cut.name,
    };
  }
  const cause = failed.find((h) => !h.stderrTail.some((l) => l.includes(LOST_CONTACT)));
  if (cause)
    return {
      error: `${who(cause)} failed: ${hostReason(cause)}${resume}`,
      error_kind: /killed by/.test(hostReason(cause)) ? 'signal' : 'exception',
      host: cause.name,
    };
  if (failed.length) {
    return {
      error: `the hosts lost contact with each other (${ends
        .filter((h) => failed.includes(h))
        .map((h) => h.name)
        .join(', ')}: ${LOST_CONTACT}; a network failure between them, or a host that stopped answering)${resume}`,
      error_kind: 'exception',
      host: null,
    };
  }
  return { error: `the hosts ended without completing the run${resume}`, error_kind: 'exception', host: null };
}
