import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors';

/** What a CLI command gets: its arguments (after the command name) and where to write. */
export interface CommandContext {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
}

export interface Command {
  name: string;
  /** One line for `vla-lab --help`. */
  summary: string;
  /** Usage text for `vla-lab <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw UserError for bad input. */
  run(ctx: CommandContext): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs in strict mode, with its errors turned into one clear line naming the command.
 * Every command parses its own flags with this, so unknown flags are always refused.
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UserError(`${command}: ${msg.trim()} (see 'vla-lab ${command} --help')`, 'usage');
  }
}

/** Writes a command's output file and says so; a failure is one line naming the command and why. */
export function writeOutputFile(ctx: CommandContext, command: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UserError(`${command}: cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  ctx.out(`wrote ${path}`);
}
