/**
 * The supervisor's part for the `hosts` launcher (launchers/hosts.ts): it starts torchrun on every
 * host through the remote-launch command, copies each host's output into stdout.log / stderr.log
 * (each line prefixed with `[host] `), keeps run.json's `hosts` current, and writes the run's
 * ending itself: completed; cancelled (`vla-lab cancel` reaches every host: a `stop` line to each
 * host agent, which sends SIGTERM to torchrun there, and the trainer checkpoints); or failed with
 * the host that went first named. When rank 0's host dies nothing on it can write the ending, so
 * the supervisor appends the run_end to events.jsonl too (appending only: nothing written is lost).
 *
 * The first host is launched first: its agent picks the rendezvous port free on that host (--pick-port)
 * and says which; the others are launched with it. If the first host ends (or the run is cancelled)
 * before that, the others are never launched and run.json says so for each.
 *
 * A host whose part ended while the others still run: they are asked to stop after
 * VLA_LAB_HOST_WAIT_S seconds (default 60), so a run whose peer is gone ends in bounded time even
 * when the survivors' collectives would wait for VLA_LAB_DIST_TIMEOUT_S.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { RunEvent } from '../generated/events';
import {
  describeHostsFailure,
  FORWARDED_ENV,
  hostCommand,
  hostReason,
  parseHosts,
  ranksOf,
  remoteArgv,
  remoteLaunchTemplate,
  type HostEnd,
  type HostEntry,
  type HostsLaunch,
} from './launchers/hosts';
import { checkpointStep, extensionRoot, RUN_FILES } from './paths';
import { processGroupAlive, processStartTime, signalGroup } from './process';
import { nowIso, readRecord, updateRecord, type RunRecord } from './record';
import { eventsSince } from './status';
import { appendEvents, fileIdentity, torchrunProcesses, workerPlan, type SuperviseOptions } from './supervisor';

function log(msg: string): void {
  process.stdout.write(`[${new Date().toISOString()}] ${msg}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The newest checkpoint's step in the run folder (what `vla-lab resume` continues from), or null. */
export function lastCheckpointStep(dir: string): number | null {
  let best: number | null = null;
  try {
    for (const f of fs.readdirSync(path.join(dir, RUN_FILES.checkpoints))) {
      const s = checkpointStep(f);
      if (s !== undefined && (best === null || s > best)) best = s;
    }
  } catch {
    /* no checkpoints folder */
  }
  return best;
}

function positiveSeconds(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${JSON.stringify(raw)} is not a positive number of seconds`);
  return n;
}

interface HostState {
  /** null: never launched (the first host ended, or the run was cancelled, before the rendezvous port was known). */
  child: ChildProcess | null;
  /** A host never launched: its state in run.json. */
  skipped?: 'cancelled' | 'failed';
  pid: number | null;
  tail: string[];
  report: { code: number | null; signal: string | null; link?: HostEnd['link']; ifname?: string | null } | null;
  end: HostEnd | null;
  done: Promise<void>;
}

export async function superviseHosts(dir: string, opts: SuperviseOptions): Promise<RunRecord | null> {
  let rec = readRecord(dir)!;
  if (rec.cancel_requested_at) return updateRecord(dir, (r) => ({ ...r, status: 'cancelled', ended_at: nowIso() }));
  if (rec.backend === 'robovlms')
    throw new Error('the hosts launcher runs the built-in trainer; run RoboVLMs across machines with the slurm launcher');
  const spec = JSON.parse(fs.readFileSync(path.join(dir, RUN_FILES.spec), 'utf8')) as { resources?: { hosts?: unknown } };
  const hosts = parseHosts(spec.resources?.hosts);
  const template = remoteLaunchTemplate(process.env);
  const extRoot = opts.extRoot ?? extensionRoot();
  const plan = await workerPlan({ ...rec, launcher: 'local' }, dir, opts.launch!, extRoot);
  delete plan.env.CUDA_VISIBLE_DEVICES; // each host's own GPUs (resources.gpus per host)
  const env: Record<string, string> = { ...plan.env };
  for (const [k, v] of Object.entries(process.env)) if (FORWARDED_ENV.test(k) && v !== undefined && env[k] === undefined) env[k] = v;
  const nproc = torchrunProcesses({ ...rec, gpus: [] });
  const graceS = rec.cancel_grace_s ?? 30;
  const waitS = positiveSeconds(process.env.VLA_LAB_HOST_WAIT_S, 60, 'VLA_LAB_HOST_WAIT_S');
  const report = `@vla-lab-host-exit-${randomBytes(8).toString('hex')}`;
  const launch: HostsLaunch = {
    python: plan.argv[0],
    extRoot,
    hosts,
    nproc,
    port: null,
    env,
    cwd: plan.cwd,
    report,
    graceS,
    programArgs: plan.argv.slice(1),
  };
  const eventsFile = path.join(dir, RUN_FILES.events);
  const eventsAtLaunch = fileIdentity(eventsFile);
  const outFile = path.join(dir, RUN_FILES.stdout);
  const errFile = path.join(dir, RUN_FILES.stderr);
  const argvs: string[][] = [];
  const picked: { port: number | null; tell: (port: number) => void } = { port: null, tell: () => undefined };
  const portPicked = new Promise<number>((resolve) => {
    picked.tell = (p) => {
      picked.port = p;
      resolve(p);
    };
  });
  const portLine = `${report}-port `;
  let onCancel: (() => void) | null = null;
  process.on('SIGTERM', () => {
    updateRecord(dir, (r) => ({ ...r, cancel_requested_at: r.cancel_requested_at ?? nowIso() }));
    onCancel?.();
  });
  process.on('SIGINT', () => {
    /* detached: ignore a stray Ctrl-C */
  });
  process.on('SIGHUP', () => {
    /* outlive the terminal */
  });

  const startHost = (h: HostEntry, i: number, port: number | null): HostState => {
    argvs[i] = remoteArgv(template, h.name, hostCommand({ ...launch, port }, i));
    log(`launching on ${h.name} (node ${i}): ${JSON.stringify(argvs[i])}`);
    const child = spawn(argvs[i][0], argvs[i].slice(1), {
      cwd: dir,
      env: process.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
    });
    const st: HostState = { child, pid: child.pid ?? null, tail: [], report: null, end: null, done: Promise.resolve() };
    const prefix = `[${h.name}] `;
    const copy = (stream: NodeJS.ReadableStream | null, file: string, onLine?: (l: string) => boolean) =>
      new Promise<void>((resolve) => {
        if (!stream) return resolve();
        const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
        rl.on('line', (line) => {
          if (onLine?.(line)) return;
          try {
            fs.appendFileSync(file, prefix + line + '\n');
          } catch {
            /* run folder gone */
          }
        });
        rl.on('close', resolve);
      });
    const outDone = copy(child.stdout, outFile, (line) => {
      if (i === 0 && line.startsWith(portLine)) {
        const p = Number(line.slice(portLine.length));
        if (Number.isInteger(p) && p > 0 && p < 65536) {
          log(`${h.name} picked rendezvous port ${p}`);
          picked.tell(p);
        }
        return true;
      }
      if (!line.startsWith(report + ' ')) return false;
      try {
        st.report = JSON.parse(line.slice(report.length + 1));
      } catch {
        st.report = { code: null, signal: null };
      }
      return true;
    });
    const errDone = copy(child.stderr, errFile, (line) => {
      st.tail.push(line);
      if (st.tail.length > 40) st.tail.shift();
      return false;
    });
    child.stdin?.on('error', () => {
      /* the host's side is gone; its exit says how */
    });
    st.done = new Promise<void>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: string) => {
        if (st.end) return; // 'close' after 'error'
        st.end = {
          name: h.name,
          ranks: ranksOf(i, nproc),
          reported: st.report !== null,
          code: st.report ? st.report.code : code,
          signal: st.report ? st.report.signal : signal,
          stderrTail: [...st.tail],
          endedAt: Date.now(),
          ...(spawnError ? { spawnError } : {}),
          link: st.report?.link ?? null,
          ifname: st.report?.ifname ?? null,
        };
        resolve();
      };
      child.once('error', (e) => {
        const code = (e as NodeJS.ErrnoException).code;
        finish(
          null,
          null,
          `could not start ${argvs[i][0]}: ${code === 'ENOENT' ? 'no such program' : e.message} (the remote-launch command, VLA_LAB_REMOTE_LAUNCH)`,
        );
      });
      // 'close': the process has exited and its output is read (the exit line included).
      child.once('close', async (code, signal) => {
        await Promise.all([outDone, errDone]);
        finish(code, signal);
      });
    });
    return st;
  };
  const notLaunched = (h: HostEntry, i: number, why: string, skipped: 'cancelled' | 'failed'): HostState => {
    log(`not launching on ${h.name} (node ${i}): ${why}`);
    return {
      child: null,
      skipped,
      pid: null,
      tail: [],
      report: null,
      done: Promise.resolve(),
      end: {
        name: h.name,
        ranks: ranksOf(i, nproc),
        reported: false,
        code: null,
        signal: null,
        stderrTail: [],
        endedAt: Date.now(),
        spawnError: `not launched: ${why}`,
      },
    };
  };

  // The first host's agent picks the rendezvous port free on that host and says which; the others
  // are launched with it once it is known (a port free here may be taken there).
  const states: HostState[] = [startHost(hosts[0], 0, null)];
  let firstEnded = false;
  void states[0].done.then(() => {
    firstEnded = true;
  });
  while (picked.port === null && !firstEnded && !readRecord(dir)?.cancel_requested_at) {
    await Promise.race([portPicked, states[0].done, sleep(opts.pollMs ?? 1000)]);
  }
  for (let i = 1; i < hosts.length; i++) {
    if (readRecord(dir)?.cancel_requested_at) states.push(notLaunched(hosts[i], i, 'the run was cancelled first', 'cancelled'));
    else if (picked.port === null)
      states.push(notLaunched(hosts[i], i, `${hosts[0].name} ended before it picked the rendezvous port`, 'failed'));
    else states.push(startHost(hosts[i], i, picked.port));
  }

  const hostRecord = (i: number): NonNullable<RunRecord['hosts']>[number] => {
    const s = states[i];
    const e = s.end;
    const state = !e
      ? 'running'
      : s.skipped
        ? s.skipped
        : !e.reported
          ? 'lost'
          : e.code === 0 && !e.signal
            ? 'completed'
            : cancelling
              ? 'cancelled'
              : 'failed';
    return {
      name: hosts[i].name,
      address: hosts[i].address,
      node_rank: i,
      ranks: ranksOf(i, nproc),
      pid: s.pid,
      state,
      exit_code: e?.code ?? null,
      signal: e?.signal ?? null,
      reason: e && state !== 'completed' && state !== 'cancelled' ? hostReason(e) : null,
      ended_at: e ? new Date(e.endedAt).toISOString() : null,
    };
  };
  let cancelling = false;
  const first = states[0].pid;
  rec = updateRecord(dir, (r) => ({
    ...r,
    status: 'running',
    pid: first,
    pgid: first,
    pid_start_time: first ? processStartTime(first) : null,
    argv: argvs[0],
    cwd: plan.cwd,
    env: plan.env,
    started_at: nowIso(),
    nodes: hosts.length,
    hosts: hosts.map((_, i) => hostRecord(i)),
  }))!;

  const stopAll = (why: string) => {
    const grace = readRecord(dir)?.cancel_grace_s ?? graceS; // vla-lab cancel --grace
    log(`stopping every host (${why}; SIGKILL after ${grace} s)`);
    for (const s of states)
      if (!s.end) {
        try {
          s.child?.stdin?.write(`stop ${grace}\n`);
        } catch {
          /* gone */
        }
      }
    // The agents send SIGKILL after the grace period themselves; a remote-launch process that is
    // still there after that (a hung connection) is ended here.
    setTimeout(
      () => {
        for (const s of states)
          if (!s.end && s.pid && processGroupAlive(s.pid)) {
            log(`SIGKILL to the remote-launch process of a host (pid ${s.pid})`);
            signalGroup(s.pid, 'SIGKILL');
          }
      },
      (grace + 15) * 1000,
    ).unref();
  };
  const cancel = () => {
    if (cancelling) return;
    cancelling = true;
    stopAll('cancel requested');
  };
  onCancel = cancel;

  const all = Promise.all(states.map((s) => s.done));
  let finished = false;
  all.then(() => {
    finished = true;
  });
  let firstEndAt: number | null = null;
  let stoppedSurvivors = false;
  const recorded = new Set<number>();
  while (!finished) {
    await Promise.race([all, sleep(opts.pollMs ?? 1000)]);
    if (!cancelling && readRecord(dir)?.cancel_requested_at) cancel();
    const newlyEnded = states.map((s, i) => (s.end && !recorded.has(i) ? i : -1)).filter((i) => i >= 0);
    if (newlyEnded.length) {
      for (const i of newlyEnded) {
        recorded.add(i);
        const e = states[i].end!;
        if (!states[i].child) continue;
        log(
          `host ${e.name} ended: ${e.reported ? `reported exit ${e.signal ?? e.code}` : `no report (remote-launch process ${e.signal ? `killed by ${e.signal}` : `exit ${e.code}`})`}`,
        );
        if (firstEndAt === null && (!e.reported || e.code !== 0 || e.signal)) firstEndAt = Date.now();
      }
      updateRecord(dir, (r) => ({ ...r, hosts: hosts.map((_, i) => hostRecord(i)) }));
    }
    if (!finished && !cancelling && !stoppedSurvivors && firstEndAt !== null && Date.now() - firstEndAt > waitS * 1000) {
      stoppedSurvivors = true;
      stopAll(`a host ended ${waitS} s ago and the others are still running (VLA_LAB_HOST_WAIT_S)`);
    }
  }
  for (const s of states) if (s.pid && processGroupAlive(s.pid)) signalGroup(s.pid, 'SIGKILL');

  const ends = states.map((s) => s.end!);
  const now = fileIdentity(eventsFile);
  const launched = eventsSince(eventsFile, now && eventsAtLaunch && now.ino === eventsAtLaunch.ino ? eventsAtLaunch.size : 0);
  const runEnd = [...launched].reverse().find((e) => e.type === 'run_end');
  const cancelRequested = Boolean(readRecord(dir)?.cancel_requested_at);
  const allOk = ends.every((e) => e.reported && e.code === 0 && !e.signal);
  let outcome: { status: 'completed' | 'failed' | 'cancelled'; error: string | null; error_kind: RunRecord['error_kind'] };
  if (allOk && (!runEnd || (runEnd.type === 'run_end' && runEnd.status === 'completed')))
    outcome = { status: 'completed', error: null, error_kind: null };
  else if (cancelRequested) outcome = { status: 'cancelled', error: null, error_kind: null };
  else {
    const d = describeHostsFailure(
      ends.filter((_, i) => states[i].child),
      lastCheckpointStep(dir),
    );
    outcome = { status: 'failed', error: d.error, error_kind: d.error_kind };
  }
  if (!runEnd) {
    // Rank 0's host died (or never started): nobody else can say how the run ended.
    const lastStep = [...launched].reverse().find((e) => 'step' in e && typeof (e as { step?: unknown }).step === 'number') as
      | { step?: number }
      | undefined;
    appendEvents(dir, [
      {
        v: 1,
        type: 'run_end',
        t: Date.now() / 1000,
        status: outcome.status,
        error: outcome.error,
        error_kind: outcome.error_kind === 'launch' ? null : outcome.error_kind,
        exit_code: null,
        ...(lastStep?.step !== undefined ? { step: lastStep.step } : {}),
      } as RunEvent,
    ]);
  }
  log(`every host has ended → ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
  const stderrTail = ends.flatMap((e) => e.stderrTail.slice(-8).map((l) => `[${e.name}] ${l}`)).slice(-20);
  return updateRecord(dir, (r) => ({
    ...r,
    status: outcome.status,
    error: outcome.error,
    error_kind: outcome.error_kind,
    exit_code: ends[0].code,
    signal: ends[0].signal,
    ended_at: nowIso(),
    hosts: hosts.map((_, i) => hostRecord(i)),
    stderr_tail: outcome.status === 'failed' ? stderrTail : [],
  }));
}
