/**
 * The hosts launcher's pure parts (extension/core/runner/launchers/hosts.ts): host names pass one
 * rule before they reach a remote-launch command, the template is an argv (never a shell string with
 * a user value interpolated), each host's command runs torchrun for its node rank with the
 * rendezvous on the first host, and a failed run names the host that went first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import schema from '../../schemas/experiment.schema.json';
import { UserError } from '../../extension/core/errors';
import {
  DEFAULT_REMOTE_LAUNCH,
  describeHostsFailure,
  FORWARDED_ENV,
  hostCommand,
  HOST_NAME_RULE,
  parseHosts,
  remoteArgv,
  remoteLaunchTemplate,
  type HostEnd,
} from '../../extension/core/runner/launchers/hosts';
import { tempDir } from './tmp-helpers';

test("host names: one rule (the schema's), and nothing that ssh or a shell would read as more than a name", () => {
  assert.equal(HOST_NAME_RULE.source, schema.definitions.hostName.pattern);
  for (const ok of ['gpu1', 'gpu-1.lab.example.org', 'alice@gpu1', '10.0.0.2', 'node_07']) assert.doesNotThrow(() => parseHosts([ok]), ok);
  for (const bad of ['-oProxyCommand=touch /tmp/x', 'gpu1;rm -rf /', 'gpu 1', '$(id)', '`id`', 'a|b', '', 'gpu1\n', '../x/y']) {
    assert.throws(
      () => parseHosts([bad]),
      (e: unknown) => e instanceof UserError && /is not a host name/.test((e as Error).message),
      JSON.stringify(bad),
    );
  }
  assert.deepEqual(parseHosts(['alice@gpu1', { name: 'ns-b', address: '10.0.0.2' }]), [
    { name: 'alice@gpu1', address: 'gpu1', addressGiven: false },
    { name: 'ns-b', address: '10.0.0.2', addressGiven: true },
  ]);
  assert.throws(() => parseHosts(['gpu1', 'gpu1']), /names gpu1 twice/);
  assert.throws(() => parseHosts([]), /needs resources.hosts/);
  assert.throws(() => parseHosts([{ name: 'a', address: 'bob@b' }]), /without user@/);
  assert.throws(() => parseHosts(['alice@']), /names no host after '@'/);
  assert.throws(() => parseHosts(['alice@-gpu1']), /names no host after '@'/);
  // remoteArgv checks again: a name never reaches the command unchecked.
  assert.throws(() => remoteArgv(DEFAULT_REMOTE_LAUNCH, '-oProxyCommand=x', ['true']), /not a host name/);
});

test('the remote-launch template: JSON argv from VLA_LAB_REMOTE_LAUNCH, {host} and {command} as whole elements', () => {
  assert.deepEqual(remoteLaunchTemplate({}), [...DEFAULT_REMOTE_LAUNCH]);
  assert.deepEqual(remoteLaunchTemplate({ VLA_LAB_REMOTE_LAUNCH: '["ip","netns","exec","{host}"]' }), ['ip', 'netns', 'exec', '{host}']);
  for (const [bad, why] of [
    ['ssh {host}', /JSON array/],
    ['[]', /non-empty/],
    ['["ssh"]', /\{host\}" once/],
    ['["ssh","{host}","{host}"]', /\{host\}" once/],
    ['["ssh","user@{host}"]', /whole elements/],
    ['["ssh","{host}",3]', /strings/],
    ['["ssh","{host}","{command}","{command}"]', /\{command\}" once/],
  ] as const) {
    assert.throws(
      () => remoteLaunchTemplate({ VLA_LAB_REMOTE_LAUNCH: bad }),
      (e: unknown) => e instanceof UserError && why.test((e as Error).message),
      bad,
    );
  }
  // exec-style: the command's words follow as separate arguments.
  assert.deepEqual(remoteArgv(['ip', 'netns', 'exec', '{host}'], 'ns-a', ['/p y/python', '-c', 'print(1)']), [
    'ip',
    'netns',
    'exec',
    'ns-a',
    '/p y/python',
    '-c',
    'print(1)',
  ]);
  // ssh-style: one string for the remote shell, each word quoted, so the remote shell sees the same words.
  const hostile = ['/opt/my env/python', "it's", '$(touch /tmp/pwned)', 'a;b', '`id`'];
  const argv = remoteArgv(DEFAULT_REMOTE_LAUNCH, 'alice@gpu1', hostile);
  assert.deepEqual(
    argv.slice(0, -1),
    DEFAULT_REMOTE_LAUNCH.slice(0, -1).map((w) => (w === '{host}' ? 'alice@gpu1' : w)),
  );
  const r = spawnSync('sh', ['-c', `for w in ${argv.at(-1)}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' });
  assert.deepEqual(r.stdout.trimEnd().split('\n'), hostile, 'a POSIX shell splits {command} back into exactly the words given');
});

test("what travels to the hosts from the supervisor's environment: run settings, never a name that could hold a secret", () => {
  for (const yes of [
    'VLA_LAB_DIST_TIMEOUT_S',
    'OMP_NUM_THREADS',
    'NCCL_SOCKET_IFNAME',
    'GLOO_SOCKET_IFNAME',
    'TORCH_HOME',
    'HF_HOME',
    'HF_HUB_OFFLINE',
  ])
    assert.ok(FORWARDED_ENV.test(yes), yes);
  for (const no of [
    'HF_TOKEN',
    'HUGGING_FACE_HUB_TOKEN',
    'NCCL_IB_AUTH_KEY',
    'TORCH_SECRET',
    'WANDB_API_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'PATH',
    'VLA_LAB_REMOTE_LAUNCH',
  ])
    assert.ok(!FORWARDED_ENV.test(no), no);
});

test("each host's command: the agent, then torchrun with its node rank and the rendezvous on the first host", () => {
  const hosts = parseHosts([{ name: 'ns-a', address: '10.0.0.1' }, 'gpu2']);
  const l = {
    python: '/venv/bin/python',
    extRoot: '/vla',
    hosts,
    nproc: 2,
    port: 29555,
    env: { VLA_LAB_RUN_ID: 'r1' },
    cwd: '/runs/x/r1',
    report: '@tok',
    graceS: 30,
    programArgs: ['-m', 'vlalab', 'train', '--spec', '/runs/x/r1/spec.json', '--run-dir', '/runs/x/r1'],
  };
  const c0 = hostCommand(l, 0);
  const c1 = hostCommand(l, 1);
  assert.deepEqual(c0.slice(0, 2), ['/venv/bin/python', '/vla/python/vlalab/hostagent.py']);
  const torchrun = (c: string[]) => c.slice(c.indexOf('--') + 1);
  assert.deepEqual(torchrun(c1), [
    '/venv/bin/python',
    '/vla/python/vlalab/torchrun.py',
    '--nnodes',
    '2',
    '--node_rank',
    '1',
    '--nproc_per_node',
    '2',
    '--master_addr',
    '10.0.0.1',
    '--master_port',
    '29555',
    ...l.programArgs,
  ]);
  assert.ok(
    c0.includes('--local-addr') && c0[c0.indexOf('--local-addr') + 1] === '10.0.0.1',
    "a given address picks gloo's interface on that host",
  );
  assert.ok(!c1.includes('--local-addr'), "a plain host name leaves gloo to the host's own name");
  assert.equal(c0[c0.indexOf('--env') + 1], 'VLA_LAB_RUN_ID=r1');
  assert.throws(() => hostCommand({ ...l, env: { 'A;B': '1' } }, 0), /invalid environment variable name/);
  // The first host's agent picks the port free on its own host (the supervisor launches the rest with it).
  const picking = hostCommand({ ...l, port: null }, 0);
  assert.ok(picking.indexOf('--pick-port') > 0 && picking.indexOf('--pick-port') < picking.indexOf('--'), 'an agent option');
  assert.ok(!picking.includes('--master_port'), 'torchrun takes the picked port from the agent');
  assert.throws(() => hostCommand({ ...l, port: null }, 1), /only the first host picks/);
});

const end = (o: Partial<HostEnd> & { name: string }): HostEnd => ({
  ranks: [0],
  reported: true,
  code: 1,
  signal: null,
  stderrTail: [],
  endedAt: 0,
  ...o,
});

test('a failed run names the host that went first, and says what resume does', () => {
  const lostA = end({ name: 'a', ranks: [0, 1], reported: false, code: null, signal: 'SIGKILL', endedAt: 2 });
  const bLostContact = end({
    name: 'b',
    ranks: [2, 3],
    stderrTail: [
      'vlalab: run failed: lost contact with another rank (…): RuntimeError: Connection closed by peer; resume continues from the last checkpoint',
    ],
    endedAt: 1,
  });
  let d = describeHostsFailure([lostA, bLostContact], 40);
  assert.equal(d.host, 'a', 'a host that never reported is the cause, even when a survivor ended first');
  assert.match(
    d.error,
    /^lost host a \(ranks 0, 1\): its processes ended without reporting \(their remote-launch process was killed by SIGKILL\)/,
  );
  assert.match(d.error, /; resume continues from the last checkpoint \(step 40\)$/);

  const bKilled = end({
    name: 'b',
    ranks: [1],
    endedAt: 5,
    stderrTail: ['  exitcode  : -9 (pid: 77)', '  traceback : Signal 9 (SIGKILL) received by PID 77'],
  });
  const aLostContact = end({ name: 'a', ranks: [0], endedAt: 3, stderrTail: ['vlalab: run failed: lost contact with another rank (…)'] });
  d = describeHostsFailure([aLostContact, bKilled], null);
  assert.equal(d.host, 'b', 'the host whose trainer died, not the one that lost contact with it');
  assert.match(
    d.error,
    /^host b \(rank 1\) failed: its trainer was killed by SIGKILL; no checkpoint was written yet: resume starts from the beginning$/,
  );

  const nan = end({ name: 'b', ranks: [1], stderrTail: ['vlalab: run failed: NaN loss at step 12'] });
  assert.match(
    describeHostsFailure([end({ name: 'a', code: 0 }), nan], 10).error,
    /^host b \(rank 1\) failed: NaN loss at step 12; resume/,
  );

  d = describeHostsFailure(
    [aLostContact, end({ name: 'b', ranks: [1], stderrTail: ['vlalab: run failed: lost contact with another rank (…)'] })],
    9,
  );
  assert.equal(d.host, null);
  assert.match(d.error, /^the hosts lost contact with each other \(a, b: lost contact with another rank; a network failure/);

  // The agents' word on their link: the host whose interface went down is the one cut off (its peer on a
  // direct link only loses the carrier); with no such sign the hosts are named together, as above.
  const contact = ['vlalab: run failed: lost contact with another rank (…)'];
  d = describeHostsFailure(
    [
      end({ name: 'a', ranks: [0], stderrTail: contact, link: 'down', ifname: 'veth0' }),
      end({ name: 'b', ranks: [1], stderrTail: contact, link: 'no-carrier', ifname: 'veth1', endedAt: -1 }),
    ],
    6,
  );
  assert.equal(d.host, 'a');
  assert.match(
    d.error,
    /^host a \(rank 0\) lost its network: its interface veth0 went down, and the ranks lost contact with each other; resume continues from the last checkpoint \(step 6\)$/,
  );
  assert.equal(
    describeHostsFailure(
      [
        end({ name: 'a', stderrTail: contact, link: 'up' }),
        end({ name: 'b', ranks: [1], stderrTail: contact, link: 'no-carrier', ifname: 'eth0' }),
      ],
      6,
    ).host,
    'b',
    'the host that lost its carrier while the other kept it',
  );
  assert.equal(
    describeHostsFailure(
      [
        end({ name: 'a', stderrTail: contact, link: 'no-carrier' }),
        end({ name: 'b', ranks: [1], stderrTail: contact, link: 'no-carrier' }),
      ],
      6,
    ).host,
    null,
    'both lost the carrier: a direct link, either end',
  );

  d = describeHostsFailure([end({ name: 'gpu1', reported: false, code: null, spawnError: 'could not start ssh: no such program' })], null);
  assert.equal(d.error_kind, 'launch');
  assert.match(d.error, /^could not reach host gpu1 \(rank 0\): could not start ssh/);
});

test('vla-lab run refuses a bad remote-launch command or host list at once, in one line (not later in the detached supervisor)', async () => {
  const { prepareLaunch } = await import('../../extension/core/runner/prepare');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const ws = tempDir('vla-hosts-prepare-');
  const spec = (hosts: unknown) =>
    JSON.stringify({
      name: 'h',
      backbone: { id: 'tiny-prefix', size: 'nano' },
      policy: { formulation: 'policy-head', history: 2, chunk: 2, head: { type: 'mlp', hidden: 32, layers: 1 } },
      data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] },
      eval: [],
      resources: { launcher: 'hosts', hosts },
    });
  fs.writeFileSync(path.join(ws, 'ok.vla.json'), spec(['gpu1', 'gpu2']));
  fs.writeFileSync(path.join(ws, 'twice.vla.json'), spec(['gpu1', 'gpu1']));
  const launch = (file: string, env: NodeJS.ProcessEnv) =>
    prepareLaunch({
      specFile: file,
      cwd: ws,
      env: { ...env, VLA_LAB_NVIDIA_SMI: '/nonexistent' },
      runsDir: path.join(ws, 'runs'),
      preflight: false,
    });
  assert.throws(
    () => launch('ok.vla.json', { VLA_LAB_REMOTE_LAUNCH: 'ssh {host}' }),
    (e: unknown) => e instanceof UserError && /^VLA_LAB_REMOTE_LAUNCH must be a JSON array/.test((e as Error).message),
  );
  assert.throws(
    () => launch('twice.vla.json', {}),
    (e: unknown) => e instanceof UserError && /names gpu1 twice/.test((e as Error).message),
  );
  assert.ok(
    !fs.existsSync(path.join(ws, 'runs')) ||
      fs.readdirSync(path.join(ws, 'runs')).filter((d) => !d.startsWith('.') && d !== '_data').length === 0,
    'no run was created',
  );
});
