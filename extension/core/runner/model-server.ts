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

export function serveArgv(o: ModelServerOptions): string[] {
  const argv = ['-m', 'vlalab', 'serve', '--run-dir', o.runDir, '--host', o.host ?? '127.0.0.1', '--port', String(o.port ?? 0)];
  if (o.checkpoint) argv.push('--checkpoint', o.checkpoint);
  if (o.allowRemote) argv.push('--allow-remote');
  return argv;
}

/** GET url → status code (or an error). */
function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

export async function healthy(url: string, timeoutMs = 2000): Promise<boolean> {
  try { return (await get(url.replace(/^ws/, 'http') + '/health', timeoutMs)) === 200; } catch { return false; }
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
    const fail = (msg: string) => { if (!settled) { settled = true; clearTimeout(timer); void stop().then(() => reject(new UserError(msg))); } };
    const timer = setTimeout(() => fail(`the model server for ${o.runDir} did not become ready within ${Math.round((o.readyTimeoutMs ?? 120000) / 1000)} s${lastErr ? ` (last: ${lastErr})` : ''}`), o.readyTimeoutMs ?? 120000);
    child.once('error', (e) => fail(`cannot start ${o.python}: ${e.message}`));
    child.once('exit', (code) => fail(lastErr.replace(/^vlalab: /, '') || `the model server exited with status ${code} before it was ready`));
    child.stdout!.setEncoding('utf8').on('data', async (chunk: string) => {
      outBuf += chunk;
      const m = /^serving (ws:\/\/\S+) (.*)$/m.exec(outBuf);
      if (!m || settled) return;
      settled = true;
      const url = m[1];
      // The ready line comes once the socket is bound; /health confirms the server answers.
      if (!(await healthy(url, 5000))) { settled = false; fail(`the model server printed ${url} but does not answer ${url.replace(/^ws/, 'http')}/health`); return; }
      clearTimeout(timer);
      let info: Record<string, unknown> = {};
      try { info = JSON.parse(m[2]) as Record<string, unknown>; } catch { /* the URL is what matters */ }
      resolve({ url, info, child, stop });
    });
  });
}
