/**
 * Shared by the integration tests that run the real trainer through the CLI: the launcher tests
 * (runner-slurm, runner-slurm-two-nodes, runner-hosts: the CLI's command line, the tiny spec they
 * train, the one-node / two-node Slurm cluster of test/slurm/cluster.sh, slurmCluster) and the eval
 * tests (eval-other-spec, model-server: the CLI in a workspace, cliIn, and a briefly trained run,
 * trainTinyRun); and readers of a run folder (run.json, events.jsonl, the logs) for their
 * assertions and their failure messages.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './tmp-helpers';

export const ROOT = path.resolve(__dirname, '../..');
/** tsx's loader, for `node --import TSX CLI …`. */
export const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
export const CLI = path.join(ROOT, 'extension/cli/main.ts');
export const PY = process.env.VLA_LAB_PYTHON || path.join(ROOT, '.venv/bin/python'); // scripts/setup.sh makes it
const CLUSTER = path.join(ROOT, 'test/slurm/cluster.sh');

/**
 * Writes `<ws>/<name>.vla.json`: the nano tiny-prefix backbone on 32 px images and two generated
 * Playtable episodes, every step logged (so the step sequence can be checked), a checkpoint every
 * `checkpointEvery` steps, on the launcher `resources` names.
 */
export function writeTinySpec(ws: string, name: string, steps: number, resources: Record<string, unknown>, checkpointEvery = 3): string {
  const file = path.join(ws, `${name}.vla.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        name,
        backbone: { id: 'tiny-prefix', size: 'nano' },
        policy: { formulation: 'policy-head', history: 2, chunk: 2, head: { type: 'mlp', hidden: 32, layers: 1 } },
        observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
        data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps }] },
        train: { batch_size: 4, log_every: 1, val_every: 100000, checkpoint_every: checkpointEvery, warmup_steps: 0 },
        eval: [],
        resources,
      },
      null,
      2,
    ),
  );
  return file;
}

/** A Slurm cluster of test/slurm/cluster.sh, started before the file's tests and stopped after them. */
export interface SlurmCluster {
  /** Its folder (slurm.conf, the daemons' state and logs; `netns` for two nodes). */
  dir: string;
  /** What cluster.sh exported once it was up: SLURM_CONF, and VLA_SLURM_NETNS for two nodes; empty until then. */
  vars: Record<string, string>;
  /** Why there is no cluster (cluster.sh's last line), when there is none. */
  error?: string;
}

/**
 * Registers the before() hook that starts cluster.sh's cluster (`start`: one node on localhost;
 * `start-two`: two nodes in two network namespaces) in a temp folder named `prefix`…, and the after()
 * hook that stops it (within `stopTimeout` ms). `what` names the cluster in the error.
 */
export function slurmCluster(command: 'start' | 'start-two', prefix: string, what: string, stopTimeout: number): SlurmCluster {
  const cluster: SlurmCluster = { dir: tempDir(prefix), vars: {}, error: `the ${what} was not started` };
  before(() => {
    const r = spawnSync('bash', [CLUSTER, command, cluster.dir], { encoding: 'utf8', timeout: 240_000 });
    const vars = Object.fromEntries([...(r.stdout ?? '').matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    const wanted = command === 'start-two' ? ['SLURM_CONF', 'VLA_SLURM_NETNS'] : ['SLURM_CONF'];
    if (r.status === 0 && wanted.every((k) => vars[k])) Object.assign(cluster, { vars, error: undefined });
    else cluster.error = `no ${what} here: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? `cluster.sh exited ${r.status}`}`;
  });
  after(() => {
    spawnSync('bash', [CLUSTER, 'stop', cluster.dir], { encoding: 'utf8', timeout: stopTimeout });
  });
  return cluster;
}

/** The run folder of the (only) run of experiment `name` under `runsDir`. */
export function runDirOf(runsDir: string, name: string): string {
  const exp = path.join(runsDir, name);
  return path.join(exp, fs.readdirSync(exp).filter((d) => !d.startsWith('.'))[0]);
}

/** The run's run.json. */
export const record = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));

/** events.jsonl as written so far ('' before it exists). */
export function eventsText(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8');
  } catch {
    return '';
  }
}

/** The run's events so far. */
export const events = (dir: string): Array<Record<string, any>> =>
  eventsText(dir)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** The steps train/loss was logged at, in order. */
export const lossSteps = (dir: string) =>
  events(dir)
    .filter((e) => e.type === 'scalar' && e.name === 'train/loss')
    .map((e) => e.step as number);

/** The last `tail` characters of each of the run's logs, for a failure message. */
export const logs = (dir: string, tail = 3000) =>
  ['stdout.log', 'stderr.log', 'supervisor.log']
    .map((f) => {
      try {
        return `--- ${f}\n${fs.readFileSync(path.join(dir, f), 'utf8').slice(-tail)}`;
      } catch {
        return '';
      }
    })
    .join('\n');

export const ended = (dir: string) => ['cancelled', 'failed', 'completed'].includes(record(dir).status);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 200 ms; past `ms`, fails naming `what` with the run's record and logs. */
export async function waitFor(what: string, cond: () => boolean, ms: number, dir: string, logTail?: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(record(dir))}\n${logs(dir, logTail)}`);
    await sleep(200);
  }
}

/** The environment the trainer and the CLI get in these tests: the repo's python/ on PYTHONPATH, one thread. */
export const TRAINER_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  PYTHONPATH: path.join(ROOT, 'python'),
  VLA_LAB_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
};

/**
 * `vla-lab …` run in `work` with `env`, the project's Python, no GPU (a missing nvidia-smi) and a
 * cache of the workspace's own: its exit code and output.
 */
export function cliIn(work: string, env: NodeJS.ProcessEnv = TRAINER_ENV, timeout = 600_000) {
  return (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: work,
      encoding: 'utf8',
      timeout,
      env: { ...env, VLA_LAB_PYTHON: PY, VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi', XDG_CACHE_HOME: path.join(work, '.cache') },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
}

/**
 * A briefly trained run: Playtable data of `tasks` (`episodes` each, 32 px) generated into
 * `<work>/data`, a nano tiny-prefix spec named `name` training 2 steps on it (a checkpoint at step 2)
 * written to `specFile`, and `python -m vlalab train` run into `runDir`. Returns the spec.
 */
export function trainTinyRun(opts: {
  work: string;
  name: string;
  tasks: string[];
  episodes: number;
  specFile: string;
  runDir: string;
  env?: NodeJS.ProcessEnv;
}): Record<string, unknown> {
  const env = opts.env ?? TRAINER_ENV;
  const data = path.join(opts.work, 'data');
  const gen = spawnSync(
    PY,
    ['-m', 'vlalab', 'gen-data', '--out', data, '--tasks', opts.tasks.join(','), '--episodes', String(opts.episodes), '--image-size', '32'],
    { env, encoding: 'utf8', timeout: 300_000 },
  );
  assert.equal(gen.status, 0, gen.stderr);
  const spec = {
    name: opts.name,
    backbone: { id: 'tiny-prefix', size: 'nano' },
    policy: { formulation: 'policy-head', history: 1, chunk: 1, head: { type: 'mlp', hidden: 16, layers: 1 } },
    observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', path: data, tasks: opts.tasks }], steps: 2 }] },
    train: { batch_size: 4, log_every: 1, val_every: 100, checkpoint_every: 2, warmup_steps: 0 },
    eval: [],
  };
  fs.writeFileSync(opts.specFile, JSON.stringify(spec));
  const r = spawnSync(PY, ['-m', 'vlalab', 'train', '--spec', opts.specFile, '--run-dir', opts.runDir], {
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return spec;
}
