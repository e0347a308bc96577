/**
 * A VLA Lab policy served over vla-eval's model-server protocol (`python -m vlalab serve`): start it
 * (argv array, never a shell), wait until it prints its URL and answers /health, stop it. Used by
 * `vla-lab serve` and by anything that evaluates through a server. The server binds 127.0.0.1
 * unless `allowRemote` says otherwise (python/vlalab/serving/server.py refuses other hosts without it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { UserError } from '../errors';

export interface ModelServerOptions {
  python: string;
  runDir: string;
  checkpoint?: string;
  host?: string;
  port?: number;
  allowRemote?: boolean;
  /** How long start-up (loading the checkpoint, warm-up) may take, ms. */
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Each stderr line of the server (its log). */
  onLog?: (line: string) => void;
}

export interface ModelServer {
  /** ws://host:port */
  url: string;
  /** What the server says it serves: checkpoint, step, conventions (its /config document). */
  info: Record<string, unknown>;
  child: ChildProcess;
  /** Ends the server (SIGTERM, then SIGKILL after 5 s); resolves when it has exited. */
  stop(): Promise<void>;
}

function serveArgv(o: ModelServerOptions): string[] {
  const argv = ['-m', 'vlalab', 'serve', '--run-dir', o.runDir, '--host', o.host ?? '127.0.0.1', '--port', String(o.port ?? 0)];
  if (o.checkpoint) argv.push('--checkpoint', o.checkpoint);
  if (o.allowRemote) argv.push('--allow-remote');
  return argv;
}

/** GET url → status code (or an error). */
function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

export async function healthy(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    return (await get(url.replace(/^ws/, 'http') + '/health', timeoutMs)) === 200;
  } catch {
    return false;
  }
}

/** Hosts that are this machine: a server there is reached without the network (python/vlalab/serving/server.py LOCAL_HOSTS; a test keeps the two equal). */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/**
 * A model-server URL to evaluate: ws:// or wss:// with a host and a port, on this machine unless
 * the user allows another one (the benchmark's observations would then cross the network). The
 * same rule as `python -m vlalab eval --model-server` (serving/remote_eval.py check_url).
 */
export function checkModelServerUrl(url: string, allowRemote = false): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--model-server ${url}: give ws://<host>:<port> (as 'vla-lab serve' prints it)`);
  }
  if ((u.protocol !== 'ws:' && u.protocol !== 'wss:') || !u.hostname || !u.port)
    throw new UserError(`--model-server ${url}: give ws://<host>:<port> (as 'vla-lab serve' prints it)`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!LOOPBACK_HOSTS.includes(host) && !allowRemote)
    throw new UserError(
      `--model-server ${url} is not on this machine: its observations would be sent over the network; add --allow-remote to evaluate it`,
    );
  return u;
}

/** Why a model server does not answer its /health (null: it does). */
export async function unreachable(url: string, timeoutMs = 5000): Promise<string | null> {
  if (url.startsWith('wss:')) return null; // TLS: the evaluation's own connection reports a dead server
  const health = url.replace(/^ws/, 'http').replace(/\/+$/, '') + '/health';
  try {
    const code = await get(health, timeoutMs);
    return code === 200 ? null : `${health} answered HTTP ${code}`;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code ?? err.message;
  }
}

export function startModelServer(o: ModelServerOptions): Promise<ModelServer> {
  const child = spawn(o.python, serveArgv(o), { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  let lastErr = '';
  let errBuf = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errBuf += chunk;
    let i: number;
    while ((i = errBuf.indexOf('\n')) >= 0) {
      const line = errBuf.slice(0, i);
      errBuf = errBuf.slice(i + 1);
      if (line.trim()) lastErr = line.trim();
      o.onLog?.(line);
    }
  });
  return new Promise<ModelServer>((resolve, reject) => {
    let outBuf = '';
    let settled = false;
    const fail = (msg: string) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        void stop().then(() => reject(new UserError(msg)));
      }
    };
    const timer = setTimeout(
      () =>
        fail(
          `the model server for ${o.runDir} did not become ready within ${Math.round((o.readyTimeoutMs ?? 120000) / 1000)} s${lastErr ? ` (last: ${lastErr})` : ''}`,
        ),
      o.readyTimeoutMs ?? 120000,
    );
    child.once('error', (e) => fail(`cannot start ${o.python}: ${e.message}`));
    child.once('exit', (code) =>
      fail(lastErr.replace(/^vlalab: /, '') || `the model server exited with status ${code} before it was ready`),
    );
    child.stdout!.setEncoding('utf8').on('data', async (chunk: string) => {
      outBuf += chunk;
      const m = /^serving (ws:\/\/\S+) (.*)$/m.exec(outBuf);
      if (!m || settled) return;
      settled = true;
      const url = m[1];
      // The ready line comes once the socket is bound; /health confirms the server answers.
      if (!(await healthy(url, 5000))) {
        settled = false;
        fail(`the model server printed ${url} but does not answer ${url.replace(/^ws/, 'http')}/health`);
        return;
      }
      clearTimeout(timer);
      let info: Record<string, unknown> = {};
      try {
        info = JSON.parse(m[2]) as Record<string, unknown>;
      } catch {
        /* the URL is what matters */
      }
      resolve({ url, info, child, stop });
    });
  });
}
