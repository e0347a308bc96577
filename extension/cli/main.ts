/**
 * `vla-lab`: the command line. Each command lives in commands/<name>.ts and is loaded lazily so
 * start-up stays fast. Bad input of any kind ends with one line on stderr and a non-zero exit.
 *
 * Exit status: 0 success; 1 refused input (a bad spec, run, file or environment; a failed run);
 * 2 usage error (unknown command, unknown option, an option without its value); 3 a run that was
 * cancelled; 70 internal error (a bug of ours). Every line goes out through terminalSafe: run
 * folders travel, and their strings must not drive the terminal.
 */
import { isUserError } from '../core/errors';
import { terminalSafe } from '../core/runner/format';
import type { Command, CommandContext } from './command';

// To add a command: one line here, one file in commands/ exporting `command: Command`.
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  validate: () => import('./commands/validate'),
  expand: () => import('./commands/expand'),
  schema: () => import('./commands/schema'),
  compile: () => import('./commands/compile'),
  effective: () => import('./commands/effective'),
  import: () => import('./commands/import'),
  probe: () => import('./commands/probe'),
  run: () => import('./commands/run'),
  eval: () => import('./commands/eval'),
  ls: () => import('./commands/ls'),
  show: () => import('./commands/show'),
  logs: () => import('./commands/logs'),
  cancel: () => import('./commands/cancel'),
  resume: () => import('./commands/resume'),
  sweep: () => import('./commands/sweep'),
  gpus: () => import('./commands/gpus'),
  open: () => import('./commands/open'),
  doctor: () => import('./commands/doctor'),
  reproduce: () => import('./commands/reproduce'),
  'export-tracker': () => import('./commands/export-tracker'),
  checkpoints: () => import('./commands/checkpoints'),
  compare: () => import('./commands/compare'),
  report: () => import('./commands/report'),
  curve: () => import('./commands/curve'),
  tasks: () => import('./commands/tasks'),
  export: () => import('./commands/export'),
  serve: () => import('./commands/serve'),
  data: () => import('./commands/data'),
};

function help(): string {
  const names = Object.keys(COMMANDS).sort();
  return [
    'usage: vla-lab <command> [options]',
    '',
    'Design, validate, run and inspect vision-language-action experiments (*.vla.json).',
    '',
    'commands:',
    ...names.map((n) => `  ${n}`),
    '',
    "Run 'vla-lab <command> --help' for a command's options.",
  ].join('\n');
}

/** The exit status of a usage error (docs/runs.md, Commands). */
export const EXIT_USAGE = 2;

export async function main(argv: string[], rawCtx: Omit<CommandContext, 'args'>): Promise<number> {
  const ctx = { ...rawCtx, out: (l: string) => rawCtx.out(terminalSafe(l)), err: (l: string) => rawCtx.err(terminalSafe(l)) };
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    ctx.out(require('../../package.json').version);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    ctx.err(`vla-lab: unknown command '${name}'. Run 'vla-lab --help' for the list of commands.`);
    return EXIT_USAGE;
  }
  try {
    const { command } = await load();
    if (args.includes('--help') || args.includes('-h')) {
      ctx.out(command.usage);
      return 0;
    }
    return await command.run({ ...ctx, args });
  } catch (e) {
    if (isUserError(e)) {
      ctx.err(`vla-lab: ${e.message}`);
      return e.code === 'usage' ? EXIT_USAGE : 1;
    }
    // A bug of ours, not the user's: keep it to one line unless asked for the trace.
    const err = e as Error;
    ctx.err(`vla-lab: internal error: ${err?.message ?? String(e)} (set VLA_LAB_DEBUG=1 for the stack trace, and please report it)`);
    if (process.env.VLA_LAB_DEBUG) ctx.err(err?.stack ?? '');
    return 70;
  }
}

if (require.main === module) {
  // Ignore EPIPE (e.g. `vla-lab ls | head`).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
  }).then((code) => {
    process.exitCode = code;
  });
}
