/**
 * The hosts launcher for real: `vla-lab run` with `launcher: hosts` on two test hosts — two network
 * namespaces joined by a veth pair, each with its own 10.x address (test/python/netns_hosts.py,
 * made and torn down here) — with the remote-launch command `ip netns exec {host}`
 * (VLA_LAB_REMOTE_LAUNCH) instead of ssh — for one test as `ip netns exec {host} sh -c {command}`, the
 * command one shell-quoted string as ssh sends it. The real trainer runs one process per host (gloo, static
 * rendezvous on host A, which runs rank 0); the supervisor starts both, collects each host's exit
 * and writes run.json's ending itself.
 *
 * - `vla-lab cancel` reaches both hosts: the trainer checkpoints, the run and both hosts end cancelled.
 * - Rank 0's host dies (every process in its namespace SIGKILLed): nobody on it can write the ending;
 *   the run ends failed naming host A and saying resume continues from the last checkpoint, with a
 *   run_end appended after everything already written; `vla-lab resume` completes it with every step once.
 * - Rank 0's link is cut: the run ends failed within a bound (VLA_LAB_DIST_TIMEOUT_S 8 s), naming
 *   rank 0's host, whose agent saw its interface go down.
 * - Over ssh for real: an sshd in each namespace (throw-away keys and config in a temp dir), the
 *   default remote-launch template with `-F <config> -p <port>` added: a run completes, and another
 *   is cancelled on both hosts.
 * - The first host cannot be reached: it picks the rendezvous port, so the others are never launched;
 *   nor are they when the run is cancelled while the first host is still being reached.
 * Needs root, iproute2 and openssh-server/-client (scripts/setup.sh --tests); FAILS (does not skip) without them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DEFAULT_REMOTE_LAUNCH } from '../../extension/core/runner/launchers/hosts';
import {
  CLI,
  PY,
  ROOT,
  TSX,
  ended,
  events,
  eventsText,
  logs as runLogs,
  lossSteps,
  record,
  runDirOf as runDirIn,
  sleep,
  waitFor as waitForRun,
  writeTinySpec,
} from '../unit/launch-helpers';
import { childTmpDir, tempDir } from '../unit/tmp-helpers';

const NETNS = path.join(ROOT, 'test/python/netns_hosts.py');
const DIST_TIMEOUT_S = 8;

interface Host {
  ns: string;
  addr: string;
  link: string;
}
interface Hosts {
  a: Host;
  b: Host;
  proc: ChildProcess;
  lines: AsyncIterator<string>;
  close(): Promise<void>;
  send(cmd: string): Promise<void>;
}

/** Two namespace hosts, alive until close(). */
async function makeHosts(): Promise<Hosts> {
  const proc = spawn(PY, [NETNS], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  const info = JSON.parse(first.done ? '{"error":"netns_hosts.py printed nothing"}' : first.value);
  assert.ok(!info.error, `two test hosts cannot be made here: ${info.error}`);
  const ended = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    a: info.a,
    b: info.b,
    proc,
    lines,
    async send(cmd: string) {
      proc.stdin!.write(cmd + '\n');
      const ok = await lines.next();
      assert.equal(ok.value, 'ok', `netns_hosts.py: ${cmd}`);
    },
    async close() {
      proc.stdin!.end();
      await ended;
    },
  };
}

const ws = tempDir("vla-hosts ws'");
/** `ip netns exec <ns> <argv…>`; SHELL_STRING: the command as one string for a POSIX shell there, the way ssh hands it over. */
const EXEC = ['ip', 'netns', 'exec', '{host}'];
const SHELL_STRING = ['ip', 'netns', 'exec', '{host}', 'sh', '-c', '{command}'];
const env = (remote: string[] = EXEC): NodeJS.ProcessEnv => ({
  ...process.env,
  VLA_LAB_PYTHON: PY,
  VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
  XDG_CACHE_HOME: path.join(ws, '.cache'),
  VLA_LAB_REMOTE_LAUNCH: JSON.stringify(remote),
  VLA_LAB_DIST_TIMEOUT_S: String(DIST_TIMEOUT_S),
  VLA_LAB_HOST_WAIT_S: '20',
  VLA_LAB_THREADS: '1',
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  TMPDIR: childTmpDir(), // torchrun's torchelastic_* folders go with the test's folders
});

function cli(args: string[], timeout = 200_000, remote: string[] = EXEC) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args, '--runs-dir', path.join(ws, 'runs')], {
    cwd: ws,
    encoding: 'utf8',
    timeout,
    env: env(remote),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const writeSpec = (name: string, steps: number, h: Hosts): string =>
  writeTinySpec(ws, name, steps, {
    launcher: 'hosts',
    hosts: [
      { name: h.a.ns, address: h.a.addr },
      { name: h.b.ns, address: h.b.addr },
    ],
  });

const runDirOf = (name: string) => runDirIn(path.join(ws, 'runs'), name);
/** The run's logs, 4,000 characters of each. */
const logs = (dir: string) => runLogs(dir, 4000);
const waitFor = (what: string, cond: () => boolean, ms: number, dir: string) => waitForRun(what, cond, ms, dir, 4000);

async function startAndReach(name: string, total: number, steps: number, h: Hosts, remote: string[] = EXEC): Promise<string> {
  const launched = cli(['run', writeSpec(name, total, h), '--detach'], 200_000, remote);
  assert.equal(launched.code, 0, launched.err + launched.out);
  const dir = runDirOf(name);
  await waitFor(`step ${steps}`, () => lossSteps(dir).length >= steps || ended(dir), 150_000, dir);
  assert.equal(record(dir).status, 'running', `the run ended before it could be stopped: ${logs(dir)}`);
  return dir;
}

test('vla-lab cancel reaches every host: the trainer checkpoints, the run and both hosts end cancelled', { timeout: 240_000 }, async () => {
  const h = await makeHosts();
  try {
    // Here each host's command goes over as one shell-quoted string, as ssh sends it: the workspace
    // path has a space and a quote, which the far side's shell must get back word for word.
    const dir = await startAndReach('hosts-cancel', 100000, 3, h, SHELL_STRING);
    const rec = record(dir);
    assert.equal(rec.launcher, 'hosts');
    assert.deepEqual(rec.argv.slice(0, 6), ['ip', 'netns', 'exec', h.a.ns, 'sh', '-c']);
    assert.equal(rec.argv.length, 7, 'the command is one string');
    assert.deepEqual(
      rec.hosts.map((x: any) => [x.name, x.node_rank, x.ranks, x.state]),
      [
        [h.a.ns, 0, [0], 'running'],
        [h.b.ns, 1, [1], 'running'],
      ],
    );
    const start = events(dir).find((e) => e.type === 'run_start')!;
    assert.equal(start.world_size, 2);
    const cancel = cli(['cancel', `hosts-cancel/${path.basename(dir)}`]);
    assert.equal(cancel.code, 0, cancel.err);
    await waitFor('the run to end', () => ended(dir), 60_000, dir);
    const end = record(dir);
    assert.equal(end.status, 'cancelled', JSON.stringify(end) + logs(dir));
    assert.deepEqual(
      end.hosts.map((x: any) => x.state),
      ['cancelled', 'cancelled'],
    );
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validRecord = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/run.schema.json'), 'utf8')));
    assert.ok(validRecord(end), `run.json follows its schema: ${ajv.errorsText(validRecord.errors)}`);
    const ck = events(dir).filter((e) => e.type === 'checkpoint' && e.tag === 'cancel');
    assert.equal(ck.length, 1, `the trainer checkpointed on the cancel: ${logs(dir)}`);
    assert.ok(fs.existsSync(path.join(dir, ck[0].path)));
    assert.deepEqual([events(dir).at(-1)!.type, events(dir).at(-1)!.status], ['run_end', 'cancelled']);
    // Both hosts' output, each line named by its host.
    const out = fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8') + fs.readFileSync(path.join(dir, 'stdout.log'), 'utf8');
    assert.match(out, new RegExp(`^\\[${h.a.ns}\\] `, 'm'));
    assert.match(out, new RegExp(`^\\[${h.b.ns}\\] `, 'm'));
    assert.doesNotMatch(out, /@vla-lab-host-exit/, "the agents' exit lines are read, not logged");
    for (const ns of [h.a.ns, h.b.ns]) {
      assert.equal(spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.trim(), '', `nothing left running on ${ns}`);
    }
  } finally {
    await h.close();
  }
});

test(
  "rank 0's host dies: the supervisor writes the failed ending naming it, nothing is lost, resume completes with every step once",
  { timeout: 300_000 },
  async () => {
    const TOTAL = 60;
    const h = await makeHosts();
    try {
      const dir = await startAndReach('hosts-rank0-dies', TOTAL, 7, h);
      const written = eventsText(dir);
      const began = Date.now();
      await h.send('kill a'); // every process of host A: its agent, torchrun and rank 0's trainer
      await waitFor('the run to end', () => ended(dir), 90_000, dir);
      const failedAfter = (Date.now() - began) / 1000;
      const rec = record(dir);
      assert.equal(rec.status, 'failed', JSON.stringify(rec));
      assert.match(
        rec.error,
        new RegExp(
          `^lost host ${h.a.ns} \\(rank 0\\): its processes ended without reporting \\(their remote-launch process was killed by SIGKILL\\)`,
        ),
      );
      assert.match(rec.error, /resume continues from the last checkpoint \(step \d+\)$/);
      assert.deepEqual(
        rec.hosts.map((x: any) => x.state),
        ['lost', 'failed'],
      );
      assert.ok(eventsText(dir).startsWith(written), 'nothing already written was lost');
      const end = events(dir).at(-1)!;
      assert.equal(end.type, 'run_end');
      assert.equal(end.status, 'failed');
      assert.equal(end.error, rec.error, 'the supervisor wrote the ending rank 0 could not');
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/events.schema.json'), 'utf8')));
      assert.deepEqual(
        events(dir)
          .map((e, i) => (validate(e) ? null : `${i + 1}: ${ajv.errorsText(validate.errors)}`))
          .filter(Boolean),
        [],
        'events.jsonl follows its schema',
      );
      assert.ok(failedAfter < 60, `failed ${failedAfter.toFixed(1)} s after the host died`);
      console.log(`rank 0's host killed: the run failed ${failedAfter.toFixed(1)} s later`);
      const saved = events(dir)
        .filter((e) => e.type === 'checkpoint')
        .map((e) => e.step as number);
      assert.ok(saved.length > 0);
      // The checkpoint the error names is the newest on disk: a kill that lands between a checkpoint's
      // file and its event leaves one newer than the last checkpoint event.
      const named = Number(/\(step (\d+)\)$/.exec(rec.error)![1]);
      assert.ok(named >= Math.max(...saved), `named step ${named}, checkpoint events up to ${Math.max(...saved)}`);

      const resumed = cli(['resume', `hosts-rank0-dies/${path.basename(dir)}`]);
      assert.equal(resumed.code, 0, resumed.err + resumed.out + logs(dir));
      assert.match(resumed.out, new RegExp(`completed at step ${TOTAL}/${TOTAL}`));
      const done = record(dir);
      assert.equal(done.status, 'completed');
      assert.deepEqual(
        done.hosts.map((x: any) => x.state),
        ['completed', 'completed'],
      );
      const starts = events(dir).filter((e) => e.type === 'run_start');
      assert.equal(starts.length, 2);
      assert.equal(starts[1].start_step, named, 'the resume continued from the checkpoint the error named');
      assert.deepEqual(
        lossSteps(dir),
        Array.from({ length: TOTAL }, (_, i) => i + 1),
        'every step logged exactly once',
      );
    } finally {
      await h.close();
    }
  },
);

test(
  "rank 0's link is cut: the run ends failed within a bound, naming rank 0's host as the one that lost its network",
  { timeout: 240_000 },
  async () => {
    const h = await makeHosts();
    try {
      const dir = await startAndReach('hosts-cut', 100000, 5, h);
      const written = eventsText(dir);
      const began = Date.now();
      await h.send('cut a');
      await waitFor('the run to end', () => ended(dir), DIST_TIMEOUT_S * 1000 + 80_000, dir);
      const failedAfter = (Date.now() - began) / 1000;
      const rec = record(dir);
      assert.equal(rec.status, 'failed', JSON.stringify(rec));
      assert.match(
        rec.error,
        new RegExp(
          `^host ${h.a.ns} \\(rank 0\\) lost its network: its interface ${h.a.link} went down, and the ranks lost contact with each other`,
        ),
      );
      assert.match(rec.error, /resume continues from the last checkpoint \(step \d+\)$/);
      assert.ok(eventsText(dir).startsWith(written), 'nothing already written was lost');
      assert.equal(events(dir).at(-1)!.type, 'run_end');
      console.log(`rank 0's link cut: the run failed ${failedAfter.toFixed(1)} s later (VLA_LAB_DIST_TIMEOUT_S=${DIST_TIMEOUT_S})`);
    } finally {
      await h.close();
    }
  },
);

interface SshHosts {
  template: string[];
  listeners: Map<string, number>;
  close(): Promise<void>;
}

/** An sshd in each namespace host on a private port, with a throw-away host key, client key and
 *  configs in a temp dir (no ~/.ssh, no /etc/ssh config is read or written). The client reaches
 *  each host's address from inside its namespace (this machine's own namespace has no route to the
 *  test hosts' veth pair): ProxyCommand `ip netns exec <ns> <python> relay.py %h %p`, a byte pipe to
 *  the sshd's TCP port; everything above it — key exchange, host key check, public-key login, the
 *  remote shell that runs the one-string command — is ssh's own. */
async function startSshd(h: Hosts): Promise<SshHosts> {
  const sshd = '/usr/sbin/sshd';
  assert.ok(
    fs.existsSync(sshd) && spawnSync('ssh', ['-V']).status === 0,
    'ssh and sshd are not installed: scripts/setup.sh --tests installs openssh-server and openssh-client',
  );
  const dir = tempDir('vla-sshd-');
  for (const k of ['host_key', 'id_key']) {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `vla-lab-test-${k}`, '-f', path.join(dir, k)], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  }
  fs.copyFileSync(path.join(dir, 'id_key.pub'), path.join(dir, 'authorized_keys'));
  const alias = 'vla-lab-test-host';
  fs.writeFileSync(
    path.join(dir, 'known_hosts'),
    `${alias} ${fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'relay.py'),
    [
      'import os, socket, sys, threading',
      's = socket.create_connection((sys.argv[1], int(sys.argv[2])))',
      'def up():',
      '    while True:',
      '        b = os.read(0, 65536)',
      '        if not b:',
      '            s.shutdown(socket.SHUT_WR)',
      '            return',
      '        s.sendall(b)',
      'threading.Thread(target=up, daemon=True).start()',
      'while True:',
      '    b = s.recv(65536)',
      '    if not b:',
      '        break',
      '    sys.stdout.buffer.write(b)',
      '    sys.stdout.buffer.flush()',
      '',
    ].join('\n'),
  );
  // sshd's privilege-separation directory (its compiled-in path); made only if missing, removed only if made here.
  const privsep = '/run/sshd';
  const madePrivsep = !fs.existsSync(privsep);
  if (madePrivsep) fs.mkdirSync(privsep, { mode: 0o755 });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const procs: ChildProcess[] = [];
  const listeners = new Map<string, number>();
  const hostBlocks: string[] = [];
  try {
    for (const host of [h.a, h.b]) {
      const cfg = path.join(dir, `sshd_config_${host.ns}`);
      fs.writeFileSync(
        cfg,
        [
          `ListenAddress ${host.addr}:${port}`,
          `HostKey ${dir}/host_key`,
          `PidFile ${dir}/sshd_${host.ns}.pid`,
          `AuthorizedKeysFile ${dir}/authorized_keys`,
          'StrictModes no',
          'PubkeyAuthentication yes',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'PermitRootLogin prohibit-password',
          'UsePAM no',
          'PrintMotd no',
          'X11Forwarding no',
          'AllowTcpForwarding no',
          'LogLevel VERBOSE',
          '',
        ].join('\n'),
      );
      const p = spawn('ip', ['netns', 'exec', host.ns, sshd, '-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
      procs.push(p);
      const log = fs.createWriteStream(path.join(dir, `sshd_${host.ns}.log`));
      const listening = new Promise<void>((resolve, reject) => {
        const rl = readline.createInterface({ input: p.stderr! });
        rl.on('line', (l) => {
          log.write(l + '\n');
          if (/Server listening on/.test(l)) resolve();
        });
        p.once('exit', (code) =>
          reject(new Error(`sshd in ${host.ns} exited ${code}: ${fs.readFileSync(path.join(dir, `sshd_${host.ns}.log`), 'utf8')}`)),
        );
      });
      await Promise.race([
        listening,
        sleep(10_000).then(() => {
          throw new Error(`sshd in ${host.ns} did not start listening in 10 s`);
        }),
      ]);
      listeners.set(host.ns, p.pid!);
      hostBlocks.push(`Host ${host.ns}`, `  HostName ${host.addr}`, `  ProxyCommand ip netns exec ${host.ns} ${PY} ${dir}/relay.py %h %p`);
    }
    fs.writeFileSync(
      path.join(dir, 'ssh_config'),
      [
        ...hostBlocks,
        'Host *',
        '  User root',
        `  IdentityFile ${dir}/id_key`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${dir}/known_hosts`,
        '  GlobalKnownHostsFile /dev/null',
        `  HostKeyAlias ${alias}`,
        '  StrictHostKeyChecking yes',
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    );
  } catch (e) {
    for (const p of procs) p.kill('SIGKILL');
    throw e;
  }
  // The default template, with only the test's config file and port added after `ssh`.
  assert.equal(DEFAULT_REMOTE_LAUNCH[0], 'ssh');
  const template = ['ssh', '-F', path.join(dir, 'ssh_config'), '-p', String(port), ...DEFAULT_REMOTE_LAUNCH.slice(1)];
  return {
    template,
    listeners,
    async close() {
      await Promise.all(
        procs.map(
          (p) =>
            new Promise<void>((r) => {
              if (p.exitCode !== null || p.signalCode) return r();
              p.once('exit', () => r());
              p.kill('SIGTERM');
            }),
        ),
      );
      fs.rmSync(dir, { recursive: true, force: true });
      if (madePrivsep)
        try {
          fs.rmdirSync(privsep);
        } catch {
          /* something else uses it now */
        }
    },
  };
}

test(
  'over ssh for real (the default template, -F/-p added): a run completes on both hosts, and vla-lab cancel reaches both',
  { timeout: 240_000 },
  async () => {
    const home = path.join(os.homedir(), '.ssh');
    const homeBefore = fs.existsSync(home) ? fs.readdirSync(home).sort() : null;
    const h = await makeHosts();
    let s: SshHosts | undefined;
    try {
      s = await startSshd(h);
      const began = Date.now();
      const TOTAL = 4;
      const done = cli(['run', writeSpec('ssh-complete', TOTAL, h)], 200_000, s.template);
      assert.equal(done.code, 0, done.err + done.out);
      assert.match(done.out, new RegExp(`completed at step ${TOTAL}/${TOTAL}`));
      const dir = runDirOf('ssh-complete');
      const rec = record(dir);
      assert.equal(rec.status, 'completed', JSON.stringify(rec) + logs(dir));
      assert.deepEqual(rec.argv.slice(0, 5), s.template.slice(0, 5), 'launched through ssh with the test config');
      assert.equal(rec.argv.length, s.template.length, 'the command is one string');
      // The rendezvous port is the first host's pick, and the second host was launched with it.
      assert.match(rec.argv.at(-1), / '?--pick-port'? /);
      assert.doesNotMatch(rec.argv.at(-1), /--master_port/);
      const sup = fs.readFileSync(path.join(dir, 'supervisor.log'), 'utf8');
      const port = new RegExp(`${h.a.ns} picked rendezvous port (\\d+)`).exec(sup)?.[1];
      assert.ok(port, sup);
      assert.match(sup, new RegExp(`launching on ${h.b.ns} .*--master_port'? '?${port}\\b`));
      assert.deepEqual(
        rec.hosts.map((x: any) => [x.name, x.node_rank, x.state]),
        [
          [h.a.ns, 0, 'completed'],
          [h.b.ns, 1, 'completed'],
        ],
      );
      assert.equal(events(dir).find((e) => e.type === 'run_start')!.world_size, 2);
      assert.deepEqual(
        lossSteps(dir),
        Array.from({ length: TOTAL }, (_, i) => i + 1),
        'every step logged once',
      );
      const out = fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8') + fs.readFileSync(path.join(dir, 'stdout.log'), 'utf8');
      assert.match(out, new RegExp(`^\\[${h.b.ns}\\] `, 'm'));
      assert.doesNotMatch(out, /@vla-lab-host-exit|Permission denied|Host key verification failed/);
      console.log(`over ssh: a ${TOTAL}-step two-host run completed ${((Date.now() - began) / 1000).toFixed(1)} s after vla-lab run`);

      const cdir = await startAndReach('ssh-cancel', 100000, 2, h, s.template);
      const cancel = cli(['cancel', `ssh-cancel/${path.basename(cdir)}`], 60_000, s.template);
      assert.equal(cancel.code, 0, cancel.err);
      await waitFor('the run to end', () => ended(cdir), 60_000, cdir);
      const end = record(cdir);
      assert.equal(end.status, 'cancelled', JSON.stringify(end) + logs(cdir));
      assert.deepEqual(
        end.hosts.map((x: any) => x.state),
        ['cancelled', 'cancelled'],
      );
      const ck = events(cdir).filter((e) => e.type === 'checkpoint' && e.tag === 'cancel');
      assert.equal(ck.length, 1, `the trainer checkpointed on the cancel: ${logs(cdir)}`);
      assert.ok(fs.existsSync(path.join(cdir, ck[0].path)));
      // Only each namespace's listening sshd is left: the sessions, agents, torchruns and trainers ended.
      for (const ns of [h.a.ns, h.b.ns]) {
        const left = () => spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean).map(Number);
        const listener = s.listeners.get(ns);
        const deadline = Date.now() + 10_000;
        while (left().some((p) => p !== listener) && Date.now() < deadline) await sleep(200);
        assert.deepEqual(left(), [listener], `only the sshd listener is left on ${ns}`);
      }
    } finally {
      await s?.close();
      await h.close();
    }
    assert.deepEqual(fs.existsSync(home) ? fs.readdirSync(home).sort() : null, homeBefore, '~/.ssh untouched');
  },
);

test(
  'the first host cannot be reached: the others are never launched (no port to meet at), the run fails naming the first',
  { timeout: 60_000 },
  () => {
    // Two hosts by name only (nothing is made: the remote-launch program does not exist).
    const file = writeSpec('hosts-unreachable', 5, {
      a: { ns: 'gpu1', addr: '10.0.0.1', link: '' },
      b: { ns: 'gpu2', addr: '10.0.0.2', link: '' },
    } as Hosts);
    const r = cli(['run', file], 60_000, ['/nonexistent/remote-launch', '{host}']);
    assert.notEqual(r.code, 0);
    const dir = runDirOf('hosts-unreachable');
    const rec = record(dir);
    assert.equal(rec.status, 'failed', JSON.stringify(rec));
    assert.match(rec.error, /gpu1 \(rank 0\).*could not start \/nonexistent\/remote-launch: no such program/);
    assert.deepEqual(
      rec.hosts.map((x: any) => [x.name, x.state]),
      [
        ['gpu1', 'lost'],
        ['gpu2', 'failed'],
      ],
    );
    assert.equal(rec.hosts[1].reason, 'not launched: gpu1 ended before it picked the rendezvous port');
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'supervisor.log'), 'utf8'), /\] launching on gpu2/);
  },
);

test(
  'cancelled while the first host is still being reached: the others are never launched, every host and the run end cancelled',
  { timeout: 60_000 },
  async () => {
    // A remote-launch command that takes 4 s to reach its host (then runs the command here).
    const slow = ['sh', '-c', 'sleep 4; shift; exec "$@"', 'sh', '{host}'];
    const file = writeSpec('hosts-cancel-early', 100000, {
      a: { ns: 'gpu1', addr: '10.0.0.1', link: '' },
      b: { ns: 'gpu2', addr: '10.0.0.2', link: '' },
    } as Hosts);
    const launched = cli(['run', file, '--detach'], 60_000, slow);
    assert.equal(launched.code, 0, launched.err + launched.out);
    const dir = runDirOf('hosts-cancel-early');
    await waitFor(
      'the first host to be launched',
      () =>
        fs.existsSync(path.join(dir, 'supervisor.log')) &&
        /launching on gpu1/.test(fs.readFileSync(path.join(dir, 'supervisor.log'), 'utf8')),
      20_000,
      dir,
    );
    const cancel = cli(['cancel', `hosts-cancel-early/${path.basename(dir)}`], 30_000, slow);
    assert.equal(cancel.code, 0, cancel.err);
    await waitFor('the run to end', () => ended(dir), 40_000, dir);
    const rec = record(dir);
    assert.equal(rec.status, 'cancelled', JSON.stringify(rec) + logs(dir));
    assert.deepEqual(
      rec.hosts.map((x: any) => [x.name, x.state]),
      [
        ['gpu1', 'cancelled'],
        ['gpu2', 'cancelled'],
      ],
    );
    const sup = fs.readFileSync(path.join(dir, 'supervisor.log'), 'utf8');
    assert.match(sup, /not launching on gpu2 \(node 1\): the run was cancelled first/);
    assert.doesNotMatch(sup, /\] launching on gpu2/);
  },
);
