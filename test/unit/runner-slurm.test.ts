import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkSlurmOptions,
  parseSacct,
  parseSbatchParsable,
  renderSbatch,
  sacctState,
  shq,
  slurmArgv,
  slurmOutcome,
  squeueState,
  submit,
  type SlurmCommandRunner,
} from '../../extension/core/runner/launchers/slurm';
import { tempDir } from './tmp-helpers';

const HOSTILE = [
  'plain',
  'with space',
  "it's",
  '"double"',
  '$(touch PWNED)',
  '`touch PWNED`',
  '; touch PWNED',
  'a\nb; touch PWNED',
  '$HOME',
  '\\',
  "'; touch PWNED; '",
  '*',
  '~',
  '!',
  '-n',
  '',
  'tab\there',
  'ünïcødé ✓',
  "''''",
  '${IFS}touch${IFS}PWNED',
  '|| touch PWNED',
  '> PWNED',
];

test('shq: bash reads every hostile string back verbatim and executes nothing', () => {
  const dir = tempDir('shq-');
  for (const s of HOSTILE) {
    const r = spawnSync('bash', ['-c', `printf '%s' ${shq(s)}`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, `bash failed for ${JSON.stringify(s)}: ${r.stderr}`);
    assert.equal(r.stdout, s, `round trip of ${JSON.stringify(s)}`);
  }
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing was executed');
  assert.throws(() => shq('nul\0byte'));
});

const base = {
  jobName: 'exp-1',
  runDir: '/runs/exp-1/r1',
  nodes: 2,
  gpusPerNode: 4,
  cpusPerTask: 16,
  slurm: { partition: 'gpu', time: '04:00:00', account: 'proj_1', qos: 'high', extra: ['--constraint=a100', '--exclusive'] },
  cwd: '/runs/exp-1/r1',
  env: { PYTHONPATH: '/opt/vla lab/python', VLA_LAB_RUN_ID: 'r1' },
  python: '/usr/bin/python3',
  torchrunScript: '/opt/vla lab/python/vlalab/torchrun.py',
  programArgs: ['-m', 'vlalab', 'train', '--spec', '/runs/exp-1/r1/spec.json', '--run-dir', '/runs/exp-1/r1'],
};

test('the sbatch script: #SBATCH lines from resources, srun torchrun across the nodes with rendezvous on the first', () => {
  const s = renderSbatch(base);
  const lines = s.split('\n');
  assert.equal(lines[0], '#!/bin/bash');
  for (const l of [
    '#SBATCH --job-name=exp-1',
    '#SBATCH --nodes=2',
    '#SBATCH --ntasks-per-node=1',
    '#SBATCH --gpus-per-node=4',
    '#SBATCH --cpus-per-task=16',
    '#SBATCH --output=stdout.log',
    '#SBATCH --error=stderr.log',
    '#SBATCH --partition=gpu',
    '#SBATCH --time=04:00:00',
    '#SBATCH --account=proj_1',
    '#SBATCH --qos=high',
    '#SBATCH --constraint=a100',
    '#SBATCH --exclusive',
  ])
    assert.ok(lines.includes(l), `missing ${l}`);
  // All #SBATCH lines come before the first command (sbatch stops reading them there).
  const firstCmd = lines.findIndex((l) => l && !l.startsWith('#'));
  assert.ok(lines.slice(firstCmd).every((l) => !l.startsWith('#SBATCH')));
  assert.match(s, /export PYTHONPATH='\/opt\/vla lab\/python'/);
  assert.match(s, /head_node=\$\(scontrol show hostnames "\$SLURM_JOB_NODELIST" \| head -n 1\)/);
  assert.match(
    s,
    /srun --kill-on-bad-exit=1 \/usr\/bin\/python3 '\/opt\/vla lab\/python\/vlalab\/torchrun\.py' --nnodes=2 --nproc_per_node=4/,
  );
  assert.match(s, /--rdzv_endpoint="\$head_node:29500"/);
  assert.match(s, /-m vlalab train --spec \/runs\/exp-1\/r1\/spec\.json --run-dir \/runs\/exp-1\/r1/);
  const syntax = spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
});

test('a CPU job has no --gpus-per-node and one process per node', () => {
  const s = renderSbatch({ ...base, gpusPerNode: 0, nodes: 1, slurm: {} });
  assert.ok(!s.includes('--gpus-per-node'));
  assert.match(s, /--nproc_per_node=1/);
  // resources.processes: that many CPU processes per node (gloo); ignored when there are GPUs.
  assert.match(renderSbatch({ ...base, gpusPerNode: 0, processesPerNode: 3, nodes: 1, slurm: {} }), /--nproc_per_node=3 /);
  assert.match(renderSbatch({ ...base, gpusPerNode: 2, processesPerNode: 3, slurm: {} }), /--nproc_per_node=2 /);
});

test('hostile values in paths and env reach the script quoted: running its body executes nothing', () => {
  const dir = tempDir('sbatch-');
  const evil = path.join(dir, 'run $(touch PWNED1) `touch PWNED2`; touch PWNED3 \'q"');
  fs.mkdirSync(evil);
  const s = renderSbatch({
    ...base,
    runDir: evil,
    cwd: evil,
    slurm: {},
    env: { VLA_LAB_RUN_ID: '$(touch PWNED4)', X: "a'b\nc; touch PWNED5" },
    python: '/bin/echo',
    programArgs: ['--spec', `${evil}/spec.json`, '$(touch PWNED6)'],
  });
  // Run the script with stand-ins for Slurm's commands: scontrol prints a host, srun prints its argv.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'scontrol'), '#!/bin/sh\necho node1\n', { mode: 0o755 });
  fs.writeFileSync(
    path.join(bin, 'srun'),
    '#!/bin/sh\nfor a in "$@"; do printf "<%s>\\n" "$a"; done\nprintf "<ENV %s|%s>\\n" "$VLA_LAB_RUN_ID" "$X"\n',
    { mode: 0o755 },
  );
  const r = spawnSync('bash', ['-c', s], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH}`, SLURM_JOB_NODELIST: 'node1', SLURM_JOB_ID: '7' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes(`<${evil}/spec.json>`), r.stdout);
  assert.ok(r.stdout.includes('<$(touch PWNED6)>'));
  assert.ok(r.stdout.includes("<ENV $(touch PWNED4)|a'b\nc; touch PWNED5>"));
  const leftovers = [...fs.readdirSync(dir), ...fs.readdirSync(evil)].filter((n) => n.startsWith('PWNED'));
  assert.deepEqual(leftovers, []);
});

test('schema patterns are enforced again: no option injection through login or extra', () => {
  assert.throws(() => checkSlurmOptions({ login: '-oProxyCommand=touch' }), /login/);
  assert.throws(() => checkSlurmOptions({ partition: 'gpu; rm -rf /' }), /partition/);
  assert.throws(() => checkSlurmOptions({ extra: ['--constraint=a100\n#SBATCH --x'] }), /extra/);
  assert.throws(() => renderSbatch({ ...base, env: { 'BAD NAME': 'x' } }), /environment variable/);
  assert.doesNotThrow(() =>
    checkSlurmOptions({ login: 'me@login.cluster', extra: ['--gres=gpu:a100:4', '--comment=any text with "quotes" $(x)'] }),
  );
});

test('ssh to a login node: argv array, the remote command quoted word by word', () => {
  const c = slurmArgv('me@login', ['sbatch', '--parsable', 'slurm.sbatch'], "/runs/my exp/it's");
  assert.deepEqual(c.argv.slice(0, 5), ['ssh', '-o', 'BatchMode=yes', '--', 'me@login']);
  assert.equal(c.argv[5], `cd '/runs/my exp/it'\\''s' && sbatch --parsable slurm.sbatch`);
  // What the remote shell would run, run here with a stand-in sbatch:
  assert.deepEqual(slurmArgv(null, ['squeue', '-j', '1']), { argv: ['squeue', '-j', '1'], cwd: undefined });
});

test('sbatch/squeue/sacct/scancel through an injected runner', () => {
  const calls: { argv: string[]; cwd?: string }[] = [];
  const runner: SlurmCommandRunner = (argv, opts) => {
    calls.push({ argv, cwd: opts?.cwd });
    if (argv[0] === 'sbatch') return { status: 0, stdout: '4242;cluster\n', stderr: '' };
    if (argv[0] === 'squeue') return { status: 0, stdout: 'RUNNING\n', stderr: '' };
    if (argv[0] === 'sacct') return { status: 0, stdout: 'COMPLETED|0:0\nCOMPLETED|0:0\n', stderr: '' };
    return { status: 0, stdout: '', stderr: '' };
  };
  assert.equal(submit(runner, { runDir: '/r', script: 'slurm.sbatch' }), '4242');
  assert.deepEqual(calls[0], { argv: ['sbatch', '--parsable', 'slurm.sbatch'], cwd: '/r' });
  assert.equal(squeueState(runner, null, '4242'), 'RUNNING');
  assert.deepEqual(sacctState(runner, null, '4242'), { state: 'COMPLETED', exitCode: 0, signal: null });
  assert.deepEqual(calls[2].argv, ['sacct', '-j', '4242', '--format=State,ExitCode', '--parsable2', '--noheader']);
  assert.throws(() => squeueState(runner, null, '1; rm -rf /'), /job id/);
  const fail: SlurmCommandRunner = () => ({ status: 1, stdout: '', stderr: 'sbatch: error: invalid partition specified: nope' });
  assert.throws(() => submit(fail, { runDir: '/r', script: 's' }), /invalid partition specified/);
});

test('parsers and final states', () => {
  assert.equal(parseSbatchParsable('123\n'), '123');
  assert.equal(parseSbatchParsable('Submitted batch job 5'), null);
  assert.deepEqual(parseSacct('CANCELLED by 0|0:15\n'), { state: 'CANCELLED', exitCode: 0, signal: 15 });
  assert.deepEqual(parseSacct('FAILED|1:0'), { state: 'FAILED', exitCode: 1, signal: null });
  assert.equal(parseSacct(''), null);
  assert.equal(slurmOutcome('COMPLETED', 0, false).status, 'completed');
  assert.equal(slurmOutcome('CANCELLED', 0, true).status, 'cancelled');
  assert.equal(slurmOutcome('CANCELLED', 0, false).status, 'failed');
  assert.equal(slurmOutcome('OUT_OF_MEMORY', 0, false).error_kind, 'oom');
  assert.match(slurmOutcome('TIMEOUT', 0, false).error!, /time limit/);
});

test('a requeued job (SLURM_RESTART_COUNT > 0) reruns the trainer with --resume once a checkpoint exists', () => {
  const runDir = tempDir("requeue it's-");
  const s = renderSbatch({ ...base, runDir, cwd: runDir, resumeOnRequeue: '--resume' });
  assert.match(s, /-m vlalab train .* \$\{requeued\[@\]\+"\$\{requeued\[@\]\}"\}$/m);
  assert.ok(!renderSbatch(base).includes('requeued'), 'nothing added unless asked (RoboVLMs)');
  // The script's requeue line, then what the srun line would append, as bash evaluates them.
  const line = s.split('\n').find((l) => l.startsWith('requeued=('))!;
  const appended = (restarts: string | undefined) =>
    spawnSync('bash', ['-c', `set -euo pipefail; ${line}\nset -- \${requeued[@]+"\${requeued[@]}"}; printf '%s:%s' "$#" "$*"`], {
      encoding: 'utf8',
      env: { ...process.env, ...(restarts === undefined ? {} : { SLURM_RESTART_COUNT: restarts }) },
    });
  const first = appended(undefined);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, '0:', 'the first start is a plain start');
  assert.equal(appended('1').stdout, '0:', 'requeued before any checkpoint: starts over');
  fs.mkdirSync(path.join(runDir, 'checkpoints'));
  fs.writeFileSync(path.join(runDir, 'checkpoints', 'step-0000010.pt'), '');
  assert.equal(appended('1').stdout, '1:--resume');
  assert.equal(appended('0').stdout, '0:');
});

test('a RoboVLMs job writes the manifest before srun (with its own PYTHONPATH), only once, and a failure never stops the job', () => {
  const dir = tempDir('sbatch-manifest-');
  const evil = path.join(dir, "run $(touch PWNED1) 'q");
  fs.mkdirSync(evil);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'scontrol'), '#!/bin/sh\necho node1\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'srun'), '#!/bin/sh\necho "<srun>"\n', { mode: 0o755 });
  // A stand-in interpreter: says what it was run with, writes the file it was asked for, or fails.
  const py = path.join(bin, 'py');
  fs.writeFileSync(py, '#!/bin/sh\necho "<manifest $PYTHONPATH|$PYTHONSAFEPATH|$*>"\n[ -n "$FAIL" ] && exit 5\ntouch "$MANIFEST_FILE"\n', {
    mode: 0o755,
  });
  const file = path.join(evil, 'manifest.json');
  const script = renderSbatch({
    ...base,
    runDir: evil,
    cwd: evil,
    slurm: {},
    env: {},
    manifest: {
      argv: [py, '-m', 'vlalab', 'manifest', '--run-dir', evil],
      env: { PYTHONPATH: '/opt/vla lab/python', PYTHONSAFEPATH: '1' },
      file,
    },
  });
  const run = (extra: Record<string, string> = {}) =>
    spawnSync('bash', ['-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, SLURM_JOB_NODELIST: 'node1', SLURM_JOB_ID: '7', MANIFEST_FILE: file, ...extra },
    });
  const failed = run({ FAIL: '1' });
  assert.equal(failed.status, 0, failed.stderr);
  assert.match(failed.stderr, /^vla-lab: manifest\.json not written \(exit 5\); the run goes on$/m);
  assert.match(failed.stdout, /<srun>/, 'the job went on');
  const first = run();
  assert.equal(
    first.stdout,
    `<manifest /opt/vla lab/python|1|-m vlalab manifest --run-dir ${evil}>\n<srun>\n`,
    'the manifest first, then srun',
  );
  assert.ok(fs.existsSync(file));
  assert.equal(run().stdout, '<srun>\n', 'a rerun (requeue, resume) keeps the first manifest');
  assert.deepEqual(
    [...fs.readdirSync(dir), ...fs.readdirSync(evil)].filter((n) => n.startsWith('PWNED')),
    [],
  );
  assert.doesNotMatch(renderSbatch(base), /vlalab manifest/, 'the built-in trainer writes its own');
});
