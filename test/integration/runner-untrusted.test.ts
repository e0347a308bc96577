/**
 * Run folders travel (committed, copied from a cluster, shared): what a crafted one can make the
 * CLI do. Each test builds the folder an attacker would leave — queue entries and run.json naming
 * their own program, escape sequences in run.json and events.jsonl, media paths outside the run —
 * and checks, through the real CLI entry, that nothing of theirs runs and the terminal shows text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../unit/tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const FAKE_WORKER = path.join(ROOT, 'test/fixtures/workers/fake_worker.py');
const VENV_PY = path.join(ROOT, '.venv/bin/python');
// The test double stands in for the interpreter; run by a Python with torch so the runner's probe accepts it.
const FAKE = path.join(tempDir('vla-fake-'), 'python');
fs.writeFileSync(FAKE, `#!/bin/sh\nexec '${fs.existsSync(VENV_PY) ? VENV_PY : 'python3'}' '${FAKE_WORKER}' "$@"\n`, { mode: 0o755 });
const SPEC = {
  name: 'tiny',
  backbone: { id: 'tiny-prefix', size: 'nano' },
  data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] },
  eval: [],
};

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      FAKE_WORKER_SLEEP: '0.02',
      FAKE_WORKER_STEPS: '3',
      XDG_CACHE_HOME: path.join(cwd, '.cache'),
      XDG_CONFIG_HOME: path.join(cwd, '.config'),
      ...env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(): string {
  const ws = tempDir('vla-untrusted-');
  fs.writeFileSync(path.join(ws, 'tiny.vla.json'), JSON.stringify(SPEC));
  return ws;
}

/** A run folder as a copied (or crafted) runs directory holds it. */
function plantRun(ws: string, exp: string, id: string, record: Record<string, unknown>, events: object[] = []): string {
  const dir = path.join(ws, 'runs', exp, id);
  fs.mkdirSync(path.join(dir, 'checkpoints'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ ...SPEC, name: exp }));
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id,
      experiment: exp,
      status: 'queued',
      kind: 'train',
      backend: 'builtin',
      launcher: 'local',
      priority: 100,
      gpus_requested: 0,
      gpus: [],
      created_at: '2020-01-01T00:00:00.000Z',
      queued_at: '2020-01-01T00:00:00.000Z',
      host: os.hostname(),
      argv: [],
      cwd: dir,
      ...record,
    }),
  );
  fs.writeFileSync(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
  return dir;
}

/** `py` in `dir` (the workspace, or the crafted run folder itself): running it leaves a marker in the workspace. */
function plantProgram(ws: string, dir = ws): string {
  const marker = path.join(ws, 'PWNED');
  fs.writeFileSync(path.join(dir, 'py'), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
  return marker;
}

async function until<T>(fn: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("a copied runs folder's queue never runs the program it names; --allow-foreign-queue runs it with the user's interpreter", async () => {
  const ws = workspace();
  const id = '20200101-000000-abcd';
  const dir = plantRun(ws, 'evil', id, { python: { path: './py', version: '3.11', torch: '2.5', cuda: false }, argv: ['./py'] });
  const marker = plantProgram(ws, dir); // ./py resolves here: the worker's cwd is the run folder
  fs.mkdirSync(path.join(ws, 'runs', '.queue', 'pending'), { recursive: true });
  const entry = {
    experiment: 'evil',
    id,
    priority: 100,
    gpus: 0,
    launcher: 'local',
    seq: 1,
    enqueued_at: '2020-01-01T00:00:00.000Z',
    python: './py',
  };
  fs.writeFileSync(path.join(ws, 'runs', '.queue', 'pending', `evil@${id}.json`), JSON.stringify({ ...entry, sig: 'ab'.repeat(32) }));

  // The user's own run drains the queue: theirs completes, the planted one waits and is named.
  const r = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE]);
  assert.equal(r.code, 0, r.err);
  assert.ok(!fs.existsSync(marker), './py ran');
  assert.match(
    r.err,
    /not starting 1 queued run this user did not queue on this machine \(evil\/20200101-000000-abcd; .*--allow-foreign-queue/,
  );
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')).status, 'queued');
  const keyFile = path.join(ws, '.config', 'vla-lab', 'queue.key');
  assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the queue key is private');
  const own = fs.readdirSync(path.join(ws, 'runs', 'tiny'))[0];
  assert.equal(JSON.parse(fs.readFileSync(path.join(ws, 'runs', 'tiny', own, 'run.json'), 'utf8')).argv[0], FAKE);

  // Confirmed: it starts, with the interpreter the user named, never ./py.
  const again = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--allow-foreign-queue']);
  assert.equal(again.code, 0, again.err);
  assert.match(again.err, /you did not queue here \(--allow-foreign-queue\): evil\/20200101-000000-abcd/);
  const rec = await until(() => {
    const x = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    return ['completed', 'failed'].includes(x.status) ? x : undefined;
  }, 'the adopted run to end');
  assert.equal(rec.status, 'completed', rec.error);
  assert.equal(rec.argv[0], FAKE);
  assert.ok(!fs.existsSync(marker), './py ran');
});

test('eval and resume never take the interpreter from run.json', () => {
  const ws = workspace();
  const marker = plantProgram(ws);
  const dir = plantRun(ws, 'copied', '20200101-000000-beef', { status: 'failed', python: { path: path.join(ws, 'py') }, error: 'killed' });
  fs.writeFileSync(path.join(dir, 'checkpoints', 'step-0000002.pt'), 'not really');
  const resumed = cli(ws, ['resume', 'copied/20200101-000000-beef', '--python', FAKE]);
  assert.equal(resumed.code, 0, resumed.err);
  const ev = cli(ws, ['eval', 'copied/20200101-000000-beef', '--python', FAKE]);
  assert.equal(ev.code, 0, ev.err);
  assert.ok(!fs.existsSync(marker), 'the interpreter named in run.json ran');
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')).argv[0], FAKE);
  // A completed run has nothing to resume: one line, no second evaluation.
  const done = cli(ws, ['resume', 'copied/20200101-000000-beef', '--python', FAKE]);
  assert.equal(done.code, 1);
  assert.match(done.err, /^vla-lab: copied\/20200101-000000-beef completed: there is nothing to resume/);
  assert.equal(done.err.trim().split('\n').length, 1);
});

test('show, ls and logs print run strings as text: no escape sequence reaches the terminal', () => {
  const ws = workspace();
  const esc = '\u001b]0;owned\u0007\u001b[2J\u001b[1;31mred\u009b31m\u202eevil\r';
  plantRun(
    ws,
    'esc',
    '20200101-000000-cafe',
    { status: 'failed', error: `boom ${esc}`, stderr_tail: [`line ${esc}`], spec_source: `/x${esc}` },
    [
      { v: 1, type: 'scalar', t: 1, step: 1, name: 'train/loss', value: 0.5 },
      { v: 1, type: 'media', t: 2, kind: 'video', path: '../../../../../etc/passwd', task: `t${esc}` },
      { v: 1, type: 'media', t: 2, kind: 'video', path: 'eval/step-1/ok.mp4', task: `open${esc}` },
    ],
  );
  fs.writeFileSync(path.join(ws, 'runs', 'esc', '20200101-000000-cafe', 'stdout.log'), `hello ${esc}\n`);
  for (const args of [['show', 'esc/latest'], ['ls'], ['logs', 'esc/latest'], ['show', 'esc/latest', '--json']]) {
    const r = cli(ws, args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    for (const stream of [r.out, r.err]) {
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      assert.doesNotMatch(stream, /[\u001b\u0007\u009b\u202e\r]/, `${args.join(' ')} printed a control character`);
    }
  }
  const show = cli(ws, ['show', 'esc/latest']);
  assert.match(show.out, /status\s+failed: boom redevil\n/);
  assert.match(show.out, /ok\.mp4\s+openredevil/);
  assert.match(show.out, /eval\/step-1\/ok\.mp4/);
  assert.doesNotMatch(show.out, /passwd/);
  assert.match(show.err, /1 media path in events\.jsonl leads outside the run folder; not shown/);
  assert.doesNotMatch(cli(ws, ['show', 'esc/latest', '--json']).out, /passwd/);
});

test('runs directories that are not: empty, a file, an unreadable run.json', () => {
  const ws = workspace();
  const empty = cli(ws, ['ls', '--runs-dir', '']);
  assert.equal(empty.code, 1);
  assert.match(empty.err, /^vla-lab: --runs-dir is empty/);
  const runEmpty = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--runs-dir', '']);
  assert.equal(runEmpty.code, 1);
  assert.ok(!fs.existsSync(path.join(ws, 'runs')), 'nothing was written to ./runs');
  fs.writeFileSync(path.join(ws, 'a-file'), 'x');
  const file = cli(ws, ['ls', '--runs-dir', 'a-file']);
  assert.equal(file.code, 1);
  assert.match(file.err, /a-file is a file, not a runs directory/);
  const dir = plantRun(ws, 'broken', '20200101-000000-dead', { status: 'completed' });
  fs.writeFileSync(path.join(dir, 'run.json'), '{"v": 1, "id": ');
  const ls = cli(ws, ['ls']);
  assert.equal(ls.code, 0);
  assert.match(ls.out, /broken\s+20200101-000000-dead\s+unreadable/);
  assert.match(ls.err, /warning: .*broken\/20200101-000000-dead\/run\.json is not valid JSON; the run is listed as unreadable/);
  assert.equal(JSON.parse(cli(ws, ['ls', '--json']).out)[0].status, 'unreadable');
});

test('an unknown command and an unknown option are the same usage error (exit 2)', () => {
  const ws = workspace();
  const cmd = cli(ws, ['frobnicate']);
  const opt = cli(ws, ['ls', '--frobnicate']);
  const value = cli(ws, ['ls', '--runs-dir']);
  assert.deepEqual([cmd.code, opt.code, value.code], [2, 2, 2]);
  for (const r of [cmd, opt, value]) assert.equal(r.err.trim().split('\n').length, 1, r.err);
});

test("names validate accepts are names the runner accepts: '..', '.queue' and '_data' are refused by both", () => {
  const ws = workspace();
  for (const name of ['..', '.queue', '_data', '_DATA']) {
    fs.writeFileSync(path.join(ws, 'n.vla.json'), JSON.stringify({ ...SPEC, name }));
    const v = cli(ws, ['validate', 'n.vla.json']);
    assert.equal(v.code, 1, name);
    assert.match(v.out, /error spec\/reserved-name: ".*" cannot name an experiment/, name);
    const r = cli(ws, ['run', 'n.vla.json', '--python', FAKE]);
    assert.equal(r.code, 1, name);
  }
  assert.deepEqual(fs.existsSync(path.join(ws, 'runs')) ? fs.readdirSync(path.join(ws, 'runs')).filter((n) => n !== '.queue') : [], []);
});

test('a spec nested 2,000 levels deep and steps 1e300 are one clear refusal', () => {
  const ws = workspace();
  fs.writeFileSync(path.join(ws, 'deep.vla.json'), `{"name": "deep", "policy": ${'['.repeat(2000)}1${']'.repeat(2000)}}`);
  const deep = cli(ws, ['validate', 'deep.vla.json']);
  assert.equal(deep.code, 1);
  assert.doesNotMatch(deep.err, /internal error|call stack/);
  assert.match(deep.out, /^deep\.vla\.json:1:\d+: error json\/parse: Invalid spec: objects and arrays nest more than 64 levels deep/);
  const big = { ...SPEC, data: { stages: [{ ...SPEC.data.stages[0], steps: 1e300 }] } };
  fs.writeFileSync(path.join(ws, 'big.vla.json'), JSON.stringify(big));
  const run = cli(ws, ['run', 'big.vla.json', '--python', FAKE]);
  assert.equal(run.code, 1);
  assert.match(run.err, /error schema\/maximum: data\.stages\[0\]\.steps must be ≤ 100000000/);
  assert.ok(!fs.existsSync(path.join(ws, 'runs', 'tiny')), 'nothing was started');
});
