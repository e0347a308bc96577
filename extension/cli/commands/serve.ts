/** `vla-lab serve <run>`: a run's policy as a vla-eval model server, until Ctrl-C. */
import { isCheckpointSelector, resolveCheckpoint } from '../../core/checkpoints';
import { UserError } from '../../core/errors';
import { findInterpreter, resolveRunRef } from '../../core/runner';
import { startModelServer } from '../../core/runner/model-server';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags } from '../run-helpers';

const USAGE = `usage: vla-lab serve <run> [--checkpoint REF] [--host 127.0.0.1] [--port 0] [--allow-remote] [--python PATH] [--runs-dir DIR]

Serves the run's policy (default: its final checkpoint; --checkpoint latest, final,
best:<metric>[:min|max] by checkpoints/index.json, a name or a path) as a vla-eval model server: WebSocket +
msgpack on ws://host:port, /health, and /config with the policy's conventions (action space,
units, gripper sign, chunk, cameras, image size). It listens on this machine only unless you pass
--host with --allow-remote. Score it on Playtable with: vla-lab eval --model-server <url>.`;

export const command: Command = {
  name: 'serve',
  summary: "serve a run's policy as a vla-eval model server",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('serve', ctx.args, {
      checkpoint: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      python: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UserError('serve: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError(`serve: --port ${values.port} is not a port number (0-65535; 0 picks a free one)`);
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const runDir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    // latest/final/best:<metric> are resolved here, as for eval/export/probe (core/checkpoints); names and paths go as given
    const checkpoint =
      values.checkpoint && isCheckpointSelector(values.checkpoint)
        ? resolveCheckpoint(runDir, values.checkpoint, { cwd: ctx.cwd })
        : values.checkpoint;
    const server = await startModelServer({
      python: python.path,
      runDir,
      checkpoint,
      host: values.host,
      port,
      allowRemote: values['allow-remote'],
      env: ctx.env,
      onLog: (l) => ctx.err(l),
    });
    ctx.out(`serving ${server.url} (${String(server.info.checkpoint ?? '?')}, step ${String(server.info.step ?? '?')}); Ctrl-C stops it`);
    await new Promise<void>((resolve) => {
      const end = () => {
        void server.stop().then(resolve);
      };
      process.once('SIGINT', end);
      process.once('SIGTERM', end);
      server.child.once('exit', () => resolve());
    });
    return 0;
  },
};
